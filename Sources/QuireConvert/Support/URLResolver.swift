import Foundation

/// Makes a link absolute against a base address (RFC 3986 section 5), for
/// outputs read away from the site: the newsletter and its e-mail.
public enum URLResolver {
    /// The absolute form of `reference`, or nil when it cannot be had: no
    /// base for a relative reference, a scheme that runs code, or text
    /// that is not a URL even after percent-encoding.
    public static func resolve(_ reference: String, against base: String?) -> String? {
        let trimmed = Self.trimmed(reference)
        guard !trimmed.isEmpty else { return nil }
        if URLSafety.hasScheme(trimmed) { return URLSafety.isSafe(trimmed) ? trimmed : nil }
        guard let base, let baseURL = url(base), URLSafety.hasScheme(base),
              let resolved = url(trimmed, relativeTo: baseURL) else { return nil }
        return resolved.absoluteString
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without
    /// Foundation when the ends are ASCII (nearly always).
    static func trimmed(_ s: String) -> String {
        s.trimmingWhitespaceAndNewlines()
    }

    private static func url(_ string: String, relativeTo base: URL? = nil) -> URL? {
        if let url = URL(string: string, relativeTo: base) { return url }
        // Spaces and non-ASCII letters in a path: encode what URL refuses.
        var allowed = CharacterSet.urlPathAllowed
        allowed.insert(charactersIn: "?#%=&")
        guard let encoded = string.addingPercentEncoding(withAllowedCharacters: allowed) else { return nil }
        return URL(string: encoded, relativeTo: base)
    }
}
