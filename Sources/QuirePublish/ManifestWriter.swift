/// Builds the manifest's bytes: tab-separated fields, one record a line,
/// with `\`, tab and line feed escaped in each field.
struct ManifestWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func line(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            append(field)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A record field by field: `begin`, then `field`s, then `end`.
    mutating func begin(_ tag: StaticString) {
        tag.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func field(_ text: String) {
        bytes.append(UInt8(ascii: "\t"))
        append(text)
    }

    mutating func field(_ number: Int) {
        bytes.append(UInt8(ascii: "\t"))
        decimal(UInt64(number), negative: false)
    }

    /// `-`, or `device:inode:size:modified:changed`.
    mutating func field(_ stamp: FileStamp?) {
        bytes.append(UInt8(ascii: "\t"))
        guard let stamp else {
            bytes.append(UInt8(ascii: "-"))
            return
        }
        decimal(stamp.device, negative: false)
        bytes.append(UInt8(ascii: ":"))
        decimal(stamp.inode, negative: false)
        signed(stamp.size)
        signed(stamp.modified)
        signed(stamp.changed)
    }

    /// `:` and a number that may be negative.
    private mutating func signed(_ value: Int64) {
        bytes.append(UInt8(ascii: ":"))
        decimal(value.magnitude, negative: value < 0)
    }

    mutating func end() {
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A record of a tag, a target number and a path.
    mutating func record(_ tag: StaticString, _ number: Int, _ path: String) {
        begin(tag)
        field(number)
        field(path)
        end()
    }

    /// Digits without a `String` in between.
    private mutating func decimal(_ value: UInt64, negative: Bool) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        guard value > 0 else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            while rest > 0 {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    private mutating func append(_ field: String) {
        var field = field
        field.withUTF8 { utf8 in
            // Almost every field needs no escape: copy it whole.
            guard utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                default: bytes.append(byte)
                }
            }
        }
    }
}
