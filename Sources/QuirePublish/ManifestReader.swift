/// Splits the manifest's bytes into records of fields (see
/// `Manifest+Format.swift`). The whole file is checked first: it must end
/// with the `end` line whose checksum matches every byte before it, so a
/// torn, truncated or damaged file is refused before any record is used.
struct ManifestReader {
    private let bytes: [UInt8]
    private let bodyEnd: Int
    private var position = 0
    private(set) var lineNumber = 0

    init(_ bytes: [UInt8]) throws(Manifest.FormatError) {
        // "end\t" + 16 hex digits + "\n"
        let trailer = 4 + 16 + 1
        guard bytes.count >= trailer, bytes.last == UInt8(ascii: "\n") else {
            throw Manifest.FormatError(reason: "cut short (no end line)")
        }
        let start = bytes.count - trailer
        guard start == 0 || bytes[start - 1] == UInt8(ascii: "\n"),
              bytes[start..<(start + 4)].elementsEqual("end\t".utf8) else {
            throw Manifest.FormatError(reason: "cut short (no end line)")
        }
        let recorded = bytes[(start + 4)..<(bytes.count - 1)]
        guard recorded.elementsEqual(ContentHash.hex(of: bytes[..<start]).utf8) else {
            throw Manifest.FormatError(reason: "damaged (checksum mismatch)")
        }
        self.bytes = bytes
        self.bodyEnd = start
    }

    /// The next record's fields, unescaped; nil after the last.
    mutating func next() throws(Manifest.FormatError) -> [String]? {
        guard position < bodyEnd else { return nil }
        lineNumber += 1
        var fields: [String] = []
        fields.reserveCapacity(6)
        var failure: Manifest.FormatError?
        bytes.withUnsafeBufferPointer { buffer in
            var start = position
            var escaped = false
            var index = position
            while true {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                    let raw = UnsafeBufferPointer(rebasing: buffer[start..<index])
                    if escaped {
                        guard let field = Self.unescape(raw) else {
                            failure = Manifest.FormatError(reason: "line \(lineNumber): a bad escape")
                            return
                        }
                        fields.append(field)
                    } else {
                        fields.append(String(decoding: raw, as: UTF8.self))
                    }
                    start = index + 1
                    escaped = false
                    if byte == UInt8(ascii: "\n") { break }
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                }
                index += 1
            }
            position = index + 1
        }
        if let failure { throw failure }
        return fields
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard index < raw.count else { return nil }
            switch raw[index] {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
            default: return nil
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
