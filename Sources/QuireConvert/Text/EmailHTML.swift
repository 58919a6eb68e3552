import Foundation

/// HTML that survives mail clients: every style inline (clients drop
/// `<style>` and never load style sheets), no scripts, the writer's raw HTML
/// sanitised, links and images by absolute URL (a message has no base
/// address; an image with no absolute URL becomes its alt text).
public enum EmailHTML {
    /// A document as an e-mail-safe fragment. Relative addresses resolve
    /// against `pageURL` (the post's web address) or else `baseURL`.
    /// `idPrefix` keeps the ids of several posts in one message apart.
    public static func fragment(_ document: Document, pageURL: String?, baseURL: String?, tocDepth: Int = 3,
                                idPrefix: String = "") -> String {
        let base = pageURL ?? baseURL
        let resolve: (String) -> String? = { URLResolver.resolve($0, against: base) }
        let prepared = Document(blocks: document.blocks.map { block($0, resolve, pageURL: pageURL) },
                                footnotes: document.footnotes.map { Footnote(label: $0.label, blocks: $0.blocks.map { block($0, resolve, pageURL: pageURL) }) })
        let html = HTMLRenderer.render(prepared, options: HTMLRenderer.Options(safe: false, tocDepth: tocDepth))
        return styled(html, idPrefix: idPrefix)
    }

    /// A whole message body: the `<html>` document around `content`.
    public static func page(title: String, language: String = "en", content: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(Escape.attribute(language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.text(title))</title>
        </head>
        <body style="\(bodyStyle)">
        <div style="\(columnStyle)">
        \(content)</div>
        </body>
        </html>

        """
    }

    static let bodyStyle = "margin: 0; padding: 0; background-color: #f4f4f4;"
    static let columnStyle = "max-width: 640px; margin: 0 auto; padding: 24px; background-color: #ffffff; "
        + "font-family: Georgia, 'Times New Roman', serif; font-size: 17px; line-height: 1.55; color: #222222;"

    /// The style each element gets; `style` already there (table cell
    /// alignment) is kept after ours.
    static let styles: [String: String] = [
        "h1": "font-size: 28px; line-height: 1.25; margin: 24px 0 8px;",
        "h2": "font-size: 22px; line-height: 1.3; margin: 24px 0 8px;",
        "h3": "font-size: 19px; margin: 20px 0 8px;",
        "h4": "font-size: 17px; margin: 16px 0 8px;",
        "h5": "font-size: 17px; margin: 16px 0 8px;",
        "h6": "font-size: 17px; margin: 16px 0 8px;",
        "p": "margin: 0 0 16px;",
        "a": "color: #1a5fb4; text-decoration: underline;",
        "blockquote": "margin: 0 0 16px; padding: 0 0 0 16px; border-left: 4px solid #dddddd; color: #555555;",
        "pre": "margin: 0 0 16px; padding: 12px; background-color: #f6f8fa; overflow-x: auto; white-space: pre; font-size: 14px;",
        "code": "font-family: Menlo, Consolas, 'Courier New', monospace; font-size: 15px;",
        "table": "border-collapse: collapse; margin: 0 0 16px;",
        "th": "border: 1px solid #dddddd; padding: 4px 8px; text-align: left;",
        "td": "border: 1px solid #dddddd; padding: 4px 8px;",
        "img": "max-width: 100%; height: auto;",
        "hr": "border: 0; border-top: 1px solid #dddddd; margin: 24px 0;",
        "ul": "margin: 0 0 16px; padding-left: 24px;",
        "ol": "margin: 0 0 16px; padding-left: 24px;",
    ]

    private static let tagPattern = try! NSRegularExpression(pattern: "<([a-z][a-z0-9]*)(\\s[^>]*)?>")

    /// Adds the inline style to each start tag, and the prefix to ids and
    /// the links to them. Text and attribute values are escaped by then, so
    /// every `<` starts a tag.
    static func styled(_ html: String, idPrefix: String = "") -> String {
        let source = html as NSString
        var out = ""
        var last = 0
        for match in tagPattern.matches(in: html, range: NSRange(location: 0, length: source.length)) {
            let name = source.substring(with: match.range(at: 1))
            var attributes = match.range(at: 2).location == NSNotFound ? "" : source.substring(with: match.range(at: 2))
            let style = styles[name]
            guard style != nil || (!idPrefix.isEmpty && attributes.contains("=\"")) else { continue }
            out += source.substring(with: NSRange(location: last, length: match.range.location - last))
            if !idPrefix.isEmpty {
                attributes = attributes.replacingOccurrences(of: " id=\"", with: " id=\"\(idPrefix)")
                    .replacingOccurrences(of: " href=\"#", with: " href=\"#\(idPrefix)")
            }
            var selfClosing = ""
            if attributes.hasSuffix("/") { attributes.removeLast(); selfClosing = "/" }
            if let style, let existing = attributes.range(of: " style=\"") {
                attributes.replaceSubrange(existing, with: " style=\"\(style) ")
            } else if let style {
                attributes += " style=\"\(style)\""
            }
            out += "<" + name + attributes + selfClosing + ">"
            last = match.range.location + match.range.length
        }
        out += source.substring(from: last)
        return out
    }

    // MARK: Making the document safe to mail

    private static func block(_ block: Block, _ resolve: (String) -> String?, pageURL: String?) -> Block {
        switch block {
        case let .paragraph(content): return .paragraph(inlines(content, resolve, pageURL: pageURL))
        case let .heading(level, id, content): return .heading(level: level, id: id, content: inlines(content, resolve, pageURL: pageURL))
        case let .blockQuote(children): return .blockQuote(children.map { self.block($0, resolve, pageURL: pageURL) })
        case var .list(list):
            list.items = list.items.map { Block.ListItem(checked: $0.checked, blocks: $0.blocks.map { self.block($0, resolve, pageURL: pageURL) }) }
            return .list(list)
        case let .html(html): return .html(HTMLSanitizer.sanitize(html, resolve: resolve))
        case var .table(table):
            table.header = table.header.map { inlines($0, resolve, pageURL: pageURL) }
            table.rows = table.rows.map { $0.map { inlines($0, resolve, pageURL: pageURL) } }
            return .table(table)
        case .code, .thematicBreak, .tableOfContents: return block
        }
    }

    private static func inlines(_ inlines: [Inline], _ resolve: (String) -> String?, pageURL: String?) -> [Inline] {
        inlines.flatMap { inline -> [Inline] in
            switch inline {
            case let .html(html):
                // A lone inline tag cannot be sanitised on its own without
                // unbalancing the markup: keep line breaks, drop the rest
                // (the text between the tags stays).
                let compact = html.lowercased().filter { !$0.isWhitespace }
                return compact == "<br>" || compact == "<br/>" ? [.lineBreak] : []
            case let .emphasis(c): return [.emphasis(self.inlines(c, resolve, pageURL: pageURL))]
            case let .strong(c): return [.strong(self.inlines(c, resolve, pageURL: pageURL))]
            case let .strikethrough(c): return [.strikethrough(self.inlines(c, resolve, pageURL: pageURL))]
            case let .link(destination, title, content):
                let inner = self.inlines(content, resolve, pageURL: pageURL)
                // A link to a section goes to the web page when there is one
                // (an excerpt may not hold the section); else it stays inside
                // the message, where the ids are prefixed alike.
                if destination.hasPrefix("#"), pageURL == nil {
                    return [.link(destination: destination, title: title, content: inner)]
                }
                guard let url = resolve(destination) else { return inner }
                return [.link(destination: url, title: title, content: inner)]
            case let .image(source, title, alt):
                guard let url = resolve(source) else { return [.text(alt.isEmpty ? "[Image]" : "[Image: \(alt)]")] }
                return [.image(source: url, title: title, alt: alt)]
            default:
                return [inline]
            }
        }
    }
}
