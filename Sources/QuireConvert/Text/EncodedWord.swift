import Foundation

/// RFC 2047 encoded words, for header text that is not plain ASCII: the
/// subject, display names.
public enum EncodedWord {
    /// `text` ready for an unstructured header such as `Subject`: as it is
    /// when it is printable ASCII, else as `=?UTF-8?B?…?=` words of at most
    /// 75 characters, split between grapheme clusters so no character is
    /// cut, separated by folding white space.
    public static func encode(_ text: String, lineEnding: String = "\n") -> String {
        if !needsEncoding(text) { return text }
        return words(text).joined(separator: lineEnding + " ")
    }

    /// True when the text has anything but printable ASCII and spaces, or
    /// something that would read as an encoded word itself.
    public static func needsEncoding(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value > 0x7E || ($0.value < 0x20) } || text.contains("=?")
    }

    /// The encoded words: 39 bytes of UTF-8 at most each, which base64
    /// makes 52 characters, 64 with the `=?UTF-8?B?` `?=` frame, so even
    /// the first one fits a 78-column line after `Subject: `.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > 39 {
                out.append(word(chunk))
                chunk = []
            }
            // A single cluster longer than 39 bytes (a long emoji sequence)
            // is cut at scalar boundaries rather than dropped.
            if bytes.count > 39 {
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > 39 { out.append(word(chunk)); chunk = [] }
                    chunk += scalarBytes
                }
            } else {
                chunk += bytes
            }
        }
        if !chunk.isEmpty { out.append(word(chunk)) }
        return out
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// A mailbox for `From` and `To`: `Name <local@domain>`, the name quoted
    /// when it holds specials and encoded when it is not ASCII.
    public static func mailbox(name: String?, address: String) -> String {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return address }
        let clean = name.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if needsEncoding(clean) { return words(clean).joined(separator: " ") + " <\(address)>" }
        let specials = Set("()<>[]:;@\\,.\"")
        if clean.contains(where: { specials.contains($0) }) {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(clean) <\(address)>"
    }
}
