/// Which way a post's text runs: what `dir` on `<html>` and the EPUB
/// spine's `page-progression-direction` say. Front matter `dir: rtl|ltr`
/// decides, as pandoc's `dir` metadata does; without it, the language.
public enum TextDirection: String, Sendable {
    case ltr, rtl

    /// What front matter `dir` says: nil when absent or empty; `.ltr` for
    /// a value that is neither `rtl` nor `ltr` (`bad` holds it, for the
    /// warning), so a typo never turns a page around.
    static func written(_ value: FrontMatterValue?) -> (direction: TextDirection?, bad: String?) {
        guard let value, value != .null else { return (nil, nil) }
        guard let text = value.stringValue?.trimmingWhitespace else {
            return (.ltr, FrontMatterKeys.text(value) ?? "a list or a mapping")
        }
        if text.isEmpty { return (nil, nil) }
        if let direction = TextDirection(rawValue: text.lowercased()) { return (direction, nil) }
        return (.ltr, text)
    }

    /// The direction of a BCP 47 tag's script: its script subtag when it
    /// has one (`az-Arab` is right to left, `ar-Latn` left to right), else
    /// the usual script of its language (`ar`, `he-IL`, `fa`, `ur`). A tag
    /// that is not well-formed, or names neither, reads left to right.
    public init(languageTag: String) {
        let parts = languageTag.trimmingWhitespace.lowercased()
            .split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let language = parts.first, language != "x" else { self = .ltr; return }
        var index = 1
        var extlangs: [String] = []
        while language.count <= 3, index < parts.count, parts[index].count == 3, parts[index].allSatisfy(\.isLetter) {
            extlangs.append(parts[index]); index += 1
        }
        if index < parts.count, parts[index].count == 4, parts[index].allSatisfy(\.isLetter) {
            self = Self.rightToLeftScripts.contains(parts[index]) ? .rtl : .ltr
            return
        }
        // `ar-arz`: the extended subtag is the language itself.
        let named = extlangs.last ?? language
        self = Self.rightToLeftLanguages.contains(named) || Self.rightToLeftLanguages.contains(language) ? .rtl : .ltr
    }
}

extension Post {
    /// Front matter `dir`, when it names a direction; a bad value reads
    /// `ltr` (and `PostReader` warned about it). Read from `frontMatter`,
    /// so a post rebuilt from its metadata elsewhere says the same.
    public var writtenDirection: TextDirection? {
        TextDirection.written(frontMatter["dir"]).direction
    }

    /// The post's direction in `language`, the tag its outputs carry.
    public func direction(language: String) -> TextDirection {
        writtenDirection ?? TextDirection(languageTag: language)
    }
}
