import Mustache

/// The escaping every quire template uses for `{{value}}`.
///
/// swift-mustache's own HTML escaping compares whole `Character`s, so a quote
/// followed by a combining mark (`"\u{301}`) is one grapheme, is not matched,
/// and ends an attribute value unescaped. We escape Unicode scalars instead,
/// with the same rules as `Escape.attribute`, so a value is inert in text and
/// in quoted attributes alike.
struct TemplateEscaping: MustacheContentType {
    static let name = "QUIRE_HTML"

    /// Registered once, before the first template is parsed (the pragma that
    /// selects it is checked at parse time).
    private static let registered: Bool = {
        MustacheContentTypes.register(TemplateEscaping(), named: name)
        return true
    }()

    /// The template text with a leading pragma that selects this escaping.
    /// The pragma stands on a line of its own, which Mustache drops, so a
    /// template's own first line keeps its standalone-tag rules; parse errors
    /// subtract `addedLines` to name the writer's line.
    static func prepare(_ template: String) -> String {
        precondition(registered)
        return "{{%CONTENT_TYPE:\(name)}}\n" + template
    }

    static let addedLines = 1

    func escapeText(_ text: String) -> String {
        Escape.attribute(text)
    }
}
