import Foundation

/// The 64-bit FNV-1a hash. It decides "did this input change?", not
/// "can this input be trusted?": fast, dependency-free, and stable across
/// runs and machines so the manifest stays valid after an upgrade.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var hash = value
        let done = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            return true
        }
        if done == nil {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        value = hash
    }

    /// Adds a string and a separator that no UTF-8 text holds, so that
    /// ("ab", "c") and ("a", "bc") hash differently.
    public mutating func update(field: String) {
        update(field.utf8)
        update(CollectionOfOne(UInt8(0xff)))
    }

    /// Sixteen lower-case hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = FNV1a()
        hasher.update(bytes)
        return hasher.hex
    }
}
