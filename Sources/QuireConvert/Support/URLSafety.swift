/// Decides which link and image destinations may be emitted as-is.
public enum URLSafety {
    /// Schemes that run code or read local files when followed. The same
    /// list cmark uses for its safe mode, plus `file:`.
    static let dangerousSchemes = ["javascript:", "vbscript:", "file:", "data:"]
    static let safeDataImages = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
    private static let dangerousBytes = dangerousSchemes.map { Array($0.utf8) }
    private static let safeDataImageBytes = safeDataImages.map { Array($0.utf8) }

    /// True when `url` can be put into an `href` or `src` without running
    /// anything. Control characters and white space are ignored when the
    /// scheme is read, as browsers ignore them.
    public static func isSafe(_ url: String, forImage: Bool = false) -> Bool {
        // Every link of every post comes through here: read the first 32
        // visible bytes of the contiguous UTF-8, folded to lower case,
        // without building a String. Non-ASCII text (whose lower case is
        // Unicode's business) takes the general path.
        var url = url
        let verdict = url.withUTF8 { bytes -> Bool? in
            var folded: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            return withUnsafeMutableBytes(of: &folded) { buffer -> Bool? in
                var count = 0
                for byte in bytes {
                    if byte >= 0x80 { return nil }
                    guard byte > 0x20 else { continue }
                    let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    // Every dangerous scheme starts with j, v, f or d: an
                    // address whose first visible byte is another ASCII one
                    // (`https:`, nearly every link) is safe whatever follows.
                    // (A scheme added to the list with another first letter
                    // must be added here: FastPathTests checks every one.)
                    if count == 0, folded != 0x6A, folded != 0x76, folded != 0x66, folded != 0x64 { return true }
                    buffer[count] = folded
                    count += 1
                    if count == 32 { break }
                }
                let prefix = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                func starts(with pattern: [UInt8]) -> Bool {
                    pattern.count <= count && prefix.starts(with: pattern)
                }
                // Every dangerous scheme is 5 bytes or more and has a colon.
                guard count >= 5, dangerousBytes.contains(where: starts) else { return true }
                return forImage && safeDataImageBytes.contains(where: starts)
            }
        }
        return verdict ?? isSafeScalars(url, forImage: forImage)
    }

    /// The general form of `isSafe`, scalar by scalar.
    static func isSafeScalars(_ url: String, forImage: Bool) -> Bool {
        let folded = String(String.UnicodeScalarView(url.unicodeScalars.lazy.filter { $0.value > 0x20 }.prefix(32))).lowercased()
        guard dangerousSchemes.contains(where: { folded.hasPrefix($0) }) else { return true }
        return forImage && safeDataImages.contains(where: { folded.hasPrefix($0) })
    }

    /// True for `https://…`, `mailto:…` and other addresses with a scheme.
    public static func hasScheme(_ url: String) -> Bool {
        // Bytes first, in the contiguous UTF-8: a scheme is ASCII. A colon
        // that a combining mark follows is not a colon to `Character`: the
        // general path decides.
        var url = url
        let verdict = url.withUTF8 { bytes -> Bool? in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
            guard colon + 1 == bytes.count || bytes[colon + 1] < 0x80 else { return nil }
            guard colon > 0 else { return false }
            for offset in 0..<colon {
                let byte = bytes[offset]
                let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                if offset == 0 { guard letter else { return false }; continue }
                let digit = byte >= 0x30 && byte <= 0x39
                guard letter || digit || byte == 0x2B || byte == 0x2D || byte == 0x2E else { return false }
            }
            return true
        }
        return verdict ?? hasSchemeCharacters(url)
    }

    static func hasSchemeCharacters(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
