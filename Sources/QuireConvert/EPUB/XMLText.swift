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
        // Native strings, the usual case, are checked over their bytes.
        let suspicious = s.utf8.withContiguousStorageIfAvailable { mayHoldForbidden($0) } ?? mayHoldForbidden(Array(s.utf8))
        if !suspicious { return s }
        guard s.unicodeScalars.contains(where: { !isAllowed($0) }) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where isAllowed(scalar) { out.append(scalar) }
        return String(out)
    }

    /// False when `bytes` (valid UTF-8) cannot hold a forbidden character;
    /// true when they may. The forbidden scalars below U+0080 are single
    /// bytes; above it they are C2 80-9F (C1 controls), EF B7 xx
    /// (U+FDD0-FDEF among others) and xx BF BE/BF (U+xFFFE, U+xFFFF).
    static func mayHoldForbidden(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        asciiFlags.withUnsafeBufferPointer { flags in
            for index in bytes.indices {
                let b = bytes[index]
                if b < 0x80 {
                    if flags[Int(b)] & forbidden != 0 { return true }
                } else if b < 0xC0, index > 0, continuesForbidden(bytes[index - 1], b) {
                    return true
                }
            }
            return false
        }
    }

    /// Whether continuation byte `b` after `previous` is part of a forbidden
    /// character's pattern (above).
    @inline(__always)
    private static func continuesForbidden(_ previous: UInt8, _ b: UInt8) -> Bool {
        (previous == 0xC2 && b < 0xA0) || (previous == 0xEF && b == 0xB7) || (previous == 0xBF && b >= 0xBE)
    }

    /// Per ASCII byte: forbidden in XML, needs escaping (or dropping) in
    /// text, and in attribute values.
    private static let forbidden: UInt8 = 1, textWork: UInt8 = 2, attributeWork: UInt8 = 4
    private static let asciiFlags: [UInt8] = (0..<128).map { b -> UInt8 in
        let isForbidden = b == 0x7F || (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D)
        let text = isForbidden || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x0D
        let attribute = text || b == 0x22 || b == 0x09 || b == 0x0A
        return (isForbidden ? forbidden : 0) | (text ? textWork : 0) | (attribute ? attributeWork : 0)
    }

    static func mayHoldForbidden(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(mayHoldForbidden)
    }

    static func escape(_ s: String) -> String {
        escape(s, quotes: false)
    }

    static func escapeAttribute(_ s: String) -> String {
        escape(s, quotes: true)
    }

    /// `escape`/`escapeAttribute` appended to a byte buffer, over the
    /// string's own bytes when it has them in one piece (native strings
    /// do): copied at once when nothing needs escaping, else byte by byte.
    /// Text that may hold a forbidden character above U+007F goes through
    /// `escape`, which decodes it.
    static func appendEscaped(_ s: String, quotes: Bool, to out: inout [UInt8]) {
        let done = s.utf8.withContiguousStorageIfAvailable { bytes in
            appendEscaped(bytes, quotes: quotes, to: &out)
        }
        if done != true {
            out.append(contentsOf: escape(s, quotes: quotes).utf8)
        }
    }

    /// False, with nothing appended, when the bytes may hold a forbidden
    /// character above U+007F.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, quotes: Bool, to out: inout [UInt8]) -> Bool {
        let work = quotes ? attributeWork : textWork
        var seen: UInt8 = 0
        let suspicious: Bool = asciiFlags.withUnsafeBufferPointer { flags in
            for index in bytes.indices {
                let b = bytes[index]
                if b < 0x80 {
                    seen |= flags[Int(b)]
                } else if b < 0xC0, index > 0, continuesForbidden(bytes[index - 1], b) {
                    return true
                }
            }
            return false
        }
        if suspicious { return false }
        let plain = seen & work == 0
        if plain {
            out.append(contentsOf: bytes)
            return true
        }
        out.reserveCapacity(out.count + bytes.count + 16)
        for b in bytes {
            switch b {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])        // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])              // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])              // &gt;
            case 0x22 where quotes: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x0A where quotes, 0x09 where quotes: out.append(0x20)
            case 0x0D: out.append(quotes ? 0x20 : 0x0A)
            case 0x09, 0x0A: out.append(b)
            case 0x7F: break
            default: if b >= 0x20 { out.append(b) }  // other C0 controls go
            }
        }
        return true
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
