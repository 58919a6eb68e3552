/// Escaping for XML documents of the book (XHTML, OPF, NCX): markup
/// characters escaped, and the characters XML 1.0 forbids (C0 controls
/// other than tab, newline and return; U+FFFE and U+FFFF) dropped, along
/// with C1 controls and noncharacters, which HTML calls errors.
enum XMLText {
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0D }
        if v >= 0x7F && v <= 0x9F { return false }
        if v >= 0xFDD0 && v <= 0xFDEF { return false }
        if v & 0xFFFE == 0xFFFE { return false }
        return true
    }

    /// The text without forbidden characters.
    static func clean(_ s: String) -> String {
        // ASCII, the usual case, is checked byte by byte.
        let asciiClean = s.utf8.allSatisfy { $0 < 0x7F && ($0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if asciiClean { return s }
        guard s.unicodeScalars.contains(where: { !isAllowed($0) }) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where isAllowed(scalar) { out.append(scalar) }
        return String(out)
    }

    static func escape(_ s: String) -> String {
        escape(s, quotes: false)
    }

    static func escapeAttribute(_ s: String) -> String {
        escape(s, quotes: true)
    }

    private static func escape(_ s: String, quotes: Bool) -> String {
        let plainASCII = s.utf8.allSatisfy { b in
            b < 0x7F && b != 0x26 && b != 0x3C && b != 0x3E && b != 0x0D
                && (b >= 0x20 ? !(quotes && b == 0x22) : (!quotes && (b == 0x09 || b == 0x0A)))
        }
        if plainASCII { return s }
        let needsWork = s.unicodeScalars.contains { c in
            c == "&" || c == "<" || c == ">" || (quotes && (c == "\"" || c == "\n" || c == "\t" || c == "\r"))
                || !isAllowed(c) || c == "\r"
        }
        guard needsWork else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            // Attribute values are normalised by XML parsers; keep line
            // breaks as spaces. A lone return in text would become a newline.
            case "\n" where quotes, "\t" where quotes: out += " "
            case "\r": out += quotes ? " " : "\n"
            default:
                if isAllowed(c) { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
