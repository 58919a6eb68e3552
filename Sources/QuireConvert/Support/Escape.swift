/// Escaping for the places a value can land in markup.
public enum Escape {
    /// Text content of an HTML or XML element.
    public static func text(_ s: String) -> String {
        escape(s, quotes: false)
    }

    /// A quoted attribute value: quotes escaped as well as markup.
    public static func attribute(_ s: String) -> String {
        escape(s, quotes: true)
    }

    /// Every page's text and attributes come through here. `&`, `<`, `>`,
    /// `"` and `'` are ASCII, and in UTF-8 an ASCII byte is always that
    /// character, so the work is done on the bytes: one scan of the
    /// contiguous storage, and text without any of them is returned as it is.
    private static func escape(_ s: String, quotes: Bool) -> String {
        var s = s
        return s.withUTF8 { bytes -> String? in
            var index = 0
            let end = bytes.count
            while index < end, !needsEscape(bytes[index], quotes: quotes) { index += 1 }
            guard index < end else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(end + 32)
            // Runs between special bytes are copied whole.
            var run = 0
            while index < end {
                let entity: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\"") where quotes: entity = "&quot;"
                case UInt8(ascii: "'") where quotes: entity = "&#39;"
                default:
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                index += 1
                run = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end]))
            return String(decoding: out, as: UTF8.self)
        } ?? s
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8, quotes: Bool) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && (byte == 0x22 || byte == 0x27))
    }

    /// The general form, scalar by scalar: what the byte path must equal.
    static func escapeScalars(_ s: String, quotes: Bool) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
