/// An inline element of a `Document`.
public enum Inline: Sendable, Equatable {
    case text(String)
    case softBreak
    case lineBreak
    case code(String)
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    case link(destination: String, title: String, content: [Inline])
    case image(source: String, title: String, alt: String)
    /// The 1-based number of a footnote in `Document.footnotes`.
    case footnoteReference(Int)
}

extension Inline {
    /// True for a link whose text is its own destination, as autolinks are.
    public var isAutolink: Bool {
        guard case let .link(destination, _, content) = self else { return false }
        let text = content.plainText
        return text == destination || "mailto:" + text == destination
    }
}

extension Array where Element == Inline {
    /// The text a reader sees, without markup: for ids, titles, alt text.
    public var plainText: String {
        var out = ""
        for inline in self { inline.appendPlainText(to: &out) }
        return out
    }
}

extension Inline {
    fileprivate func appendPlainText(to out: inout String) {
        switch self {
        case let .text(s), let .code(s): out += s
        case .softBreak, .lineBreak: out += " "
        case .html: break
        case let .emphasis(c), let .strong(c), let .strikethrough(c): for i in c { i.appendPlainText(to: &out) }
        case let .link(_, _, c): for i in c { i.appendPlainText(to: &out) }
        case let .image(_, _, alt): out += alt
        case .footnoteReference: break
        }
    }
}
