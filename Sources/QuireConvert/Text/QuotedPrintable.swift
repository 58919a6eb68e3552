/// The quoted-printable transfer encoding (RFC 2045 section 6.7) for text
/// bodies: readable where the text is ASCII, safe for any mail path.
public enum QuotedPrintable {
    /// Encodes UTF-8 text whose lines end in LF. Line breaks stay line
    /// breaks (written as `lineEnding`); encoded lines are at most 76
    /// characters, longer ones continue after a soft break (`=` at the end).
    ///
    /// Beyond the rules: a `.` starting a line is written `=2E` (a lone dot
    /// ends the message for `sendmail` without `-i`) and `From ` at the
    /// start of a line as `=46rom ` (mbox files mangle it otherwise).
    public static func encode(_ text: String, lineEnding: String = "\n") -> String {
        var out = ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            out += encodeLine(Array(line.utf8), lineEnding: lineEnding)
            if index < lines.count - 1 { out += lineEnding }
        }
        return out
    }

    static func encodeLine(_ bytes: [UInt8], lineEnding: String) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(bytes.count)
        let fromLine = bytes.starts(with: Array("From ".utf8))
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            if index == 0 && (byte == UInt8(ascii: ".") || fromLine) {
                tokens.append(escape(byte))
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // White space at the end of a line is dropped by mail
                // software, so it is encoded there.
                tokens.append(isLast ? escape(byte) : String(UnicodeScalar(byte)))
            case 33...60, 62...126:
                tokens.append(String(UnicodeScalar(byte)))
            default:
                tokens.append(escape(byte))
            }
        }
        // Soft breaks: at most 75 characters then `=`, never inside `=XX`.
        var out = ""
        var length = 0
        for (index, token) in tokens.enumerated() {
            let isLast = index == tokens.count - 1
            let limit = isLast ? 76 : 75
            if length + token.count > limit {
                out += "=" + lineEnding
                length = 0
            }
            out += token
            length += token.count
        }
        return out
    }

    private static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// Decodes quoted-printable text (soft breaks removed, `=XX` turned
    /// back into bytes); for tests and for reading back what we wrote.
    public static func decode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "=") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 2; continue }
                if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\r"), bytes[i + 2] == UInt8(ascii: "\n") { i += 3; continue }
                if i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
            }
            if bytes[i] == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1; continue }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
