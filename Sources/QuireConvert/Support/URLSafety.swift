/// Decides which link and image destinations may be emitted as-is.
public enum URLSafety {
    /// Schemes that run code or read local files when followed. The same
    /// list cmark uses for its safe mode, plus `file:`.
    static let dangerousSchemes = ["javascript:", "vbscript:", "file:", "data:"]
    static let safeDataImages = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]

    /// True when `url` can be put into an `href` or `src` without running
    /// anything. Control characters and white space are ignored when the
    /// scheme is read, as browsers ignore them.
    public static func isSafe(_ url: String, forImage: Bool = false) -> Bool {
        let folded = String(String.UnicodeScalarView(url.unicodeScalars.lazy.filter { $0.value > 0x20 }.prefix(32))).lowercased()
        guard dangerousSchemes.contains(where: { folded.hasPrefix($0) }) else { return true }
        return forImage && safeDataImages.contains(where: { folded.hasPrefix($0) })
    }

    /// True for `https://…`, `mailto:…` and other addresses with a scheme.
    public static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
