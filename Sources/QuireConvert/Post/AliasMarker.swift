/// Rewrites YAML aliases to plain scalars that carry a marker character,
/// so Yams composes a tree without aliases (see `YAMLFrontMatter`).
enum AliasMarker {
    /// libyaml's anchor characters: ASCII letters, digits, `_` and `-`.
    static func isAnchorByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 45
    }

    /// The rewritten text and the marker, a private-use character the text
    /// does not already hold.
    static func rewrite(_ text: String) -> (String, Character) {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "*")) else { return (text, "\u{E000}") }
        var marker: Unicode.Scalar = "\u{E000}"
        let scalars = Set(text.unicodeScalars.filter { $0.value >= 0xE000 && $0.value <= 0xF8FF }.map(\.value))
        while scalars.contains(marker.value) { marker = Unicode.Scalar(marker.value + 1)! }
        let markerBytes = Array(String(marker).utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        for (index, byte) in bytes.enumerated() {
            // `*` starts an alias where a token can start: after a blank, an
            // indicator or the start. Elsewhere (`a*b`, `!tag*`) it is text,
            // which the rewrite would leave alone anyway.
            if byte == UInt8(ascii: "*"), index + 1 < bytes.count, isAnchorByte(bytes[index + 1]),
               index == 0 || isTokenBoundary(bytes[index - 1]) {
                out.append(contentsOf: markerBytes)
            } else {
                out.append(byte)
            }
        }
        return (String(decoding: out, as: UTF8.self), Character(marker))
    }

    private static func isTokenBoundary(_ byte: UInt8) -> Bool {
        switch byte {
        case 32, 9, 10, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"),
             UInt8(ascii: "?"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
