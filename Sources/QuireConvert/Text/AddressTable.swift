/// The numbers of a post's link addresses while they are all ASCII, found
/// by a hash of their bytes in an open-addressed table: a changelog links
/// thousands of distinct addresses, and `String`'s hashing (seeded SipHash,
/// through `Hasher`) cost more than the rest of numbering them. For ASCII,
/// equal bytes are equal strings, so the numbers are those a
/// `[String: Int]` gives; an address that is not ASCII is left to one.
struct AddressTable {
    /// Index + 1 into the addresses, 0 for an empty slot; a power of two long.
    private var slots: [Int32] = []
    /// Each address's hash, by its index: growing rehashes no text.
    private var hashes: [UInt64] = []

    var isEmpty: Bool { slots.isEmpty }

    /// Starts the table with the addresses numbered so far; false (and
    /// still empty) when one of them is not ASCII.
    mutating func take(_ urls: [String]) -> Bool {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(max(urls.count * 2, 256))
        for url in urls {
            guard let hash = Self.hash(url) else { return false }
            hashes.append(hash)
        }
        self.hashes = hashes
        rebuild(capacity: 1024)
        return true
    }

    /// The address's number, appending it to `urls` when it is new; nil
    /// when it is not ASCII (nothing changed).
    mutating func number(for url: String, in urls: inout [String]) -> Int? {
        guard let hash = Self.hash(url) else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash && urls[index] == url { return index + 1 }
            slot = (slot + 1) & mask
        }
        urls.append(url)
        hashes.append(hash)
        slots[slot] = Int32(urls.count)
        if urls.count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
        return urls.count
    }

    private mutating func rebuild(capacity: Int) {
        var size = capacity
        while size < hashes.count * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        let mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// A 64-bit hash of the UTF-8, eight bytes at a time, mixed so that
    /// addresses that differ only in their last bytes spread over the
    /// table; nil when a byte is not ASCII.
    static func hash(_ url: String) -> UInt64? {
        var url = url
        return url.withUTF8 { bytes -> UInt64? in
            let highs: UInt64 = 0x8080_8080_8080_8080
            var hash = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
            var seen: UInt64 = 0
            var index = 0
            if let base = bytes.baseAddress {
                while index + 8 <= bytes.count {
                    let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    seen |= chunk
                    hash = mix(hash ^ chunk)
                    index += 8
                }
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            seen |= tail
            guard seen & highs == 0 else { return nil }
            return mix(hash ^ tail)
        }
    }

    /// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
