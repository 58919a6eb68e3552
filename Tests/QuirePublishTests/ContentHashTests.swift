import Testing
@testable import QuirePublish

struct ContentHashTests {
    static let bytes: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }

    /// However the bytes are fed (the manifest hashes fields one by one,
    /// files whole), the same bytes give the same hash.
    @Test func chunksGiveWhatTheWholeGives() {
        let whole = ContentHash.hex(of: Self.bytes)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var hasher = ContentHash()
            var rest = Self.bytes[...]
            while !rest.isEmpty {
                let take = Int.random(in: 0...min(rest.count, 20), using: &generator)
                // Arrays take the word path, lazy sequences the byte path.
                if Bool.random(using: &generator) { hasher.update(Array(rest.prefix(take))) } else { hasher.update(rest.prefix(take).lazy.map { $0 }) }
                rest = rest.dropFirst(take)
            }
            #expect(hasher.hex == whole)
        }
    }

    @Test func everyChangedByteAndEveryLengthChangesTheHash() {
        var seen: Set<String> = [ContentHash.hex(of: Self.bytes)]
        for index in Self.bytes.indices {
            var changed = Self.bytes
            changed[index] ^= 0x01
            #expect(seen.insert(ContentHash.hex(of: changed)).inserted, "byte \(index)")
        }
        for count in 0..<Self.bytes.count {
            #expect(seen.insert(ContentHash.hex(of: Self.bytes.prefix(count))).inserted, "length \(count)")
        }
        // Trailing zero bytes are bytes too.
        #expect(ContentHash.hex(of: [0x61]) != ContentHash.hex(of: [0x61, 0]))
        #expect(ContentHash.hex(of: [UInt8]()) != ContentHash.hex(of: [0]))
    }

    @Test func fieldsAreSeparated() {
        var a = ContentHash(), b = ContentHash()
        a.update(field: "ab"); a.update(field: "c")
        b.update(field: "a"); b.update(field: "bc")
        #expect(a.hex != b.hex)
        #expect(a.hex.count == 16 && a.hex.allSatisfy { "0123456789abcdef".contains($0) })
    }
}
