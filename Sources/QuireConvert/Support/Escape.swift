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
            out.reserveCapacity(end + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<index]))
            while index < end {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])        // &amp;
                case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])              // &lt;
                case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])              // &gt;
                case UInt8(ascii: "\"") where quotes: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]) // &quot;
                case UInt8(ascii: "'") where quotes: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])        // &#39;
                default: out.append(byte)
                }
                index += 1
            }
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
