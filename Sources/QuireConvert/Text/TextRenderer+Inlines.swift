/// Inline content becomes one string for `TextWrapper`: spaces are break
/// opportunities, `\n` a hard break, `TextWrapper.glue` a space that never
/// breaks (between a link's text and its number).
extension TextRenderer {
    mutating func inlineText(_ inlines: [Inline], upper: Bool = false) -> String {
        var out = ""
        for inline in inlines { append(inline, upper: upper, to: &out) }
        return out
    }

    private mutating func append(_ inline: Inline, upper: Bool, to out: inout String) {
        switch inline {
        case let .text(text):
            let clean = Self.flatten(text)
            out += upper ? clean.uppercased() : clean
        case .softBreak:
            out += " "
        case .lineBreak:
            out += "\n"
        case let .code(code):
            out += "`" + Self.flatten(code) + "`"
        case let .html(html):
            out += Self.inlineHTMLText(html)
        case let .emphasis(children):
            let inner = inlineText(children, upper: upper)
            out += inner.isEmpty ? "" : "*" + inner + "*"
        case let .strong(children):
            let inner = inlineText(children, upper: upper || options.uppercaseStrong)
            out += inner.isEmpty || options.uppercaseStrong ? inner : "**" + inner + "**"
        case let .strikethrough(children):
            let inner = inlineText(children, upper: upper)
            out += inner.isEmpty ? "" : "~~" + inner + "~~"
        case let .link(destination, _, content):
            link(destination: destination, content: content, upper: upper, to: &out)
        case let .image(source, _, alt):
            let description = Self.flatten(alt).trimmingSpaces()
            out += description.isEmpty ? "[Image]" : "[Image: " + description + "]"
            if let url = absolute(source) {
                out += String(TextWrapper.glue) + "[\(references.number(for: url))]"
            }
        case let .footnoteReference(number):
            // An excerpt can keep a reference whose note it left out.
            if number <= document.footnotes.count { out += "[^\(number)]" }
        }
    }

    private mutating func link(destination: String, content: [Inline], upper: Bool, to out: inout String) {
        let text = inlineText(content, upper: upper)
        let plain = content.plainText
        let url = absolute(destination)
        // An autolink already shows its address: no number needed.
        if Self.showsItsAddress(plain, destination) {
            out += url == nil ? text : plain
            return
        }
        guard let url else {
            out += text
            return
        }
        if Self.isBlank(text) {
            out += url
            return
        }
        out += text + String(TextWrapper.glue) + "[\(references.number(for: url))]"
    }

    /// Whether a link's text is its destination, bare or after `mailto:`,
    /// `http://` or `https://`. ASCII on both sides (nearly every link) is
    /// compared byte by byte, without making the three joined strings.
    static func showsItsAddress(_ plain: String, _ destination: String) -> Bool {
        var plainBytes = plain, destinationBytes = destination
        let fast = plainBytes.withUTF8 { text in
            destinationBytes.withUTF8 { address -> Bool? in
                guard !text.contains(where: { $0 >= 0x80 }), !address.contains(where: { $0 >= 0x80 }) else { return nil }
                guard address.count >= text.count,
                      address.suffix(text.count).elementsEqual(text) else { return false }
                let head = UnsafeBufferPointer(rebasing: address.prefix(address.count - text.count))
                return head.isEmpty || head.elementsEqual("mailto:".utf8) || head.elementsEqual("http://".utf8)
                    || head.elementsEqual("https://".utf8)
            }
        }
        if let fast { return fast }
        return plain == destination || "mailto:" + plain == destination
            || "http://" + plain == destination || "https://" + plain == destination
    }

    /// The address a reader can follow: absolute as written, or resolved
    /// against the post's page or the site; nil when neither is known or
    /// the scheme is one that runs code.
    func absolute(_ destination: String) -> String? {
        URLResolver.resolve(destination, against: pageURL ?? options.baseURL)
    }

    /// New lines inside a text node are soft breaks; the glue character is
    /// reserved, so a writer's own copy of it becomes a plain space.
    static func flatten(_ text: String) -> String {
        // Bytes first: without a CR, LF or the glue's lead byte (0xEE) there
        // is nothing to replace, whatever the graphemes.
        var bytes = text
        guard bytes.withUTF8({ $0.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0xEE } }) else { return text }
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == TextWrapper.glue }) else { return text }
        return String(text.map { $0 == "\n" || $0 == "\r" || $0 == TextWrapper.glue ? " " : $0 })
    }

    /// True when only white space (`.whitespaces`) is there; a visible
    /// ASCII byte settles it without Foundation.
    static func isBlank(_ text: String) -> Bool {
        var bytes = text
        if bytes.withUTF8({ $0.contains { $0 > 0x20 && $0 < 0x7F } }) { return false }
        return text.trimmingSpaces().isEmpty
    }

    /// Inline raw HTML is a lone tag (`<kbd>`, `</span>`, `<br>`) or a
    /// comment: only `<br>` and the odd entity or alternative text of an
    /// `<img>` carry something a reader should see.
    static func inlineHTMLText(_ html: String) -> String {
        let compact = html.lowercased().filter { !$0.isWhitespace }
        if compact == "<br>" || compact == "<br/>" || compact == "</br>" { return "\n" }
        if html.hasPrefix("<!--") || html.hasPrefix("<?") || html.hasPrefix("<!") { return "" }
        return flatten(HTMLFragment.text(html))
    }
}
