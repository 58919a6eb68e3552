/// The 64-bit hash in the manifest. It decides "did this input change?",
/// not "can this input be trusted?": fast, dependency-free, and stable
/// across runs and machines, so the manifest stays valid from one run to
/// the next.
///
/// It takes the bytes eight at a time: each word is xored into the state,
/// which is multiplied by an odd constant and folded (`h ^= h >> 32`), a
/// step that is one-to-one in the state, so two inputs of one length that
/// differ in a single word always differ. The length goes in last, then
/// MurmurHash3's finaliser. FNV-1a, used before, took the bytes one at a
/// time through a multiply: 3.5 % of a full build's samples, all of it in
/// the publisher, which shares the two cores with the workers; this is
/// about six times faster. Changing the hash changes the manifest's values,
/// not its format; a new quire rebuilds everything on its first run anyway
/// (`Publisher.currentGenerator`).
public struct ContentHash: Sendable {
    private var state: UInt64 = 0x243f_6a88_85a3_08d3
    /// Bytes not yet making a whole word, little-endian, and how many.
    private var pending: UInt64 = 0
    private var pendingCount = 0
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            update(UnsafeRawBufferPointer(buffer))
            return true
        }
        if done == nil {
            for byte in bytes { add(byte) }
        }
    }

    /// Adds a string and a separator that no UTF-8 text holds, so that
    /// ("ab", "c") and ("a", "bc") hash differently.
    public mutating func update(field: String) {
        var field = field
        field.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        add(0xff)
    }

    public var value: UInt64 {
        var copy = self
        if copy.pendingCount > 0 { copy.mix(copy.pending) }
        copy.mix(copy.length)
        var h = copy.state
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    /// Sixteen lower-case hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = ContentHash()
        hasher.update(bytes)
        return hasher.hex
    }

    private mutating func update(_ buffer: UnsafeRawBufferPointer) {
        var index = 0
        let count = buffer.count
        while pendingCount > 0, index < count {
            add(buffer[index])
            index += 1
        }
        while count - index >= 8 {
            mix(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            length &+= 8
            index += 8
        }
        while index < count {
            add(buffer[index])
            index += 1
        }
    }

    private mutating func add(_ byte: UInt8) {
        pending |= UInt64(byte) << (8 * UInt64(pendingCount))
        pendingCount += 1
        length &+= 1
        if pendingCount == 8 {
            mix(pending)
            pending = 0
            pendingCount = 0
        }
    }

    private mutating func mix(_ word: UInt64) {
        var h = (state ^ word) &* 0x9e37_79b9_7f4a_7c15
        h ^= h >> 32
        state = h
    }
}
