import Foundation

/// The name a post's outputs are written under: `<slug>.html`.
///
/// It comes from front matter `slug`, else the last segment of `url` or
/// `permalink`, else the file name without its extension and `YYYY-MM-DD-`
/// prefix. Whatever the source, the result is safe as one file name in any
/// target: no `/` or `\`, no `..`, no leading `.` or `-`, no control or
/// reserved characters, at most 200 bytes. Letters of every script are kept;
/// blanks become `-`. When a written slug had to change, `PostReader` says so
/// in a warning (a hostile `../x` becomes `x`, with a warning).
public enum Slug {
    public static let maximumBytes = 200

    /// The slug and, when the chosen source had to be changed to be safe,
    /// the source as written.
    public static func make(slug: String?, permalink: String?, fileName: String) -> (slug: String, changed: String?) {
        if let slug, !slug.isEmpty {
            let safe = sanitise(slug)
            if !safe.isEmpty { return (safe, safe == blanksToDashes(slug) ? nil : slug) }
        }
        if let permalink, let segment = lastSegment(ofPermalink: permalink) {
            let safe = sanitise(segment)
            // `../x` has the harmless last segment `x`, but says the writer
            // meant a place outside the site: worth a warning.
            if !safe.isEmpty { return (safe, safe == blanksToDashes(segment) && !climbs(permalink) ? nil : permalink) }
        }
        let safe = sanitise(stem(ofFileName: fileName))
        return (safe.isEmpty ? "post" : safe, nil)
    }

    /// Whether a permalink has a `..` segment (written or percent-encoded):
    /// it names a place outside the site, whatever its last segment.
    public static func climbs(_ permalink: String) -> Bool {
        permalink.split(separator: "/").contains { ($0.removingPercentEncoding ?? String($0)) == ".." }
    }

    /// Blanks to dashes is the expected change, not one worth a warning.
    private static func blanksToDashes(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: "-")
    }

    /// The file name without directory, extension or `YYYY-MM-DD-` prefix.
    public static func stem(ofFileName name: String) -> String {
        var stem = (name as NSString).lastPathComponent
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        if let prefix = PostDate.fileNamePrefix(stem), stem.utf8.count > prefix {
            stem = String(decoding: Array(stem.utf8.dropFirst(prefix)), as: UTF8.self)
        }
        return stem
    }

    /// The last non-empty path segment of a URL or permalink, percent-decoded,
    /// without query, fragment or `.html`. Jekyll patterns such as
    /// `/:categories/:title/` name no segment of their own.
    public static func lastSegment(ofPermalink permalink: String) -> String? {
        var path = Substring(permalink)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        if let scheme = path.range(of: "://") { // https://example.com/a/b/
            path = path[scheme.upperBound...]
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[slash...]
        }
        guard var segment = path.split(separator: "/").last.map(String.init) else { return nil }
        if segment.contains(":") { return nil }
        segment = segment.removingPercentEncoding ?? segment
        for suffix in [".html", ".htm", ".xhtml"] where segment.lowercased().hasSuffix(suffix) && segment.count > suffix.count {
            segment = String(segment.dropLast(suffix.count))
        }
        return segment.isEmpty ? nil : segment
    }

    /// `text` made safe as a file name; empty when nothing usable is left.
    public static func sanitise(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasDash = false
        // NFC: a file name typed on macOS (decomposed) and the same name
        // typed elsewhere give one slug and one URL.
        // ASCII text is its own NFC: Foundation's mapping is for the rest.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        let normalized = ascii ? text : text.precomposedStringWithCanonicalMapping
        for scalar in normalized.unicodeScalars {
            let mapped: Unicode.Scalar?
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{A0}", "\u{3000}", "/", "\\":
                mapped = "-"
            case "<", ">", ":", "\"", "|", "?", "*", "#", "%":
                mapped = nil // reserved on some file systems or in URLs
            case _ where scalar.isASCII:
                // ASCII's controls and format characters are C0 and DEL.
                mapped = scalar.value < 0x20 || scalar.value == 0x7F ? nil : scalar
            default:
                let controls = scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                    || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
                mapped = controls ? nil : scalar
            }
            guard let mapped else { continue }
            if mapped == "-" {
                if lastWasDash { continue }
                lastWasDash = true
            } else {
                lastWasDash = false
            }
            scalars.append(mapped)
        }
        var slug = String(scalars)
        while slug.contains("..") { slug = slug.replacingOccurrences(of: "..", with: ".") }
        slug = String(slug.drop { $0 == "." || $0 == "-" })
        while let last = slug.last, last == "." || last == "-" { slug.removeLast() }
        if slug.utf8.count > maximumBytes {
            var cut = ""
            for character in slug {
                if cut.utf8.count + character.utf8.count > maximumBytes { break }
                cut.append(character)
            }
            slug = cut
            while let last = slug.last, last == "." || last == "-" { slug.removeLast() }
        }
        // A reserved name is four letters at most, each at most 3 bytes before upper-casing.
        if slug.utf8.count <= 12, reserved.contains(slug.uppercased()) { slug += "-post" }
        return slug
    }

    /// Windows refuses these names whatever the extension.
    private static let reserved: Set<String> = ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5",
                                                "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4",
                                                "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"]
}
