/// Inline content becomes one run of UTF-8 for `TextWrapper`: spaces are
/// break opportunities, `\n` a hard break, `TextWrapper.glue` a space that
/// never breaks (between a link's text and its number).
///
/// The run is built as bytes in one buffer: a changelog post is thousands
/// of list items of a few links each, and a `String` per link text, per
/// emphasis and per item cost more than the text itself. Every piece
/// appended is a whole `String`'s UTF-8, so the bytes are exactly those of
/// the strings joined.
extension TextRenderer {
    mutating func inlineText(_ inlines: [Inline], upper: Bool = false) -> String {
        var out: [UInt8] = []
        appendInlines(inlines, upper: upper, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    mutating func appendInlines(_ inlines: [Inline], upper: Bool, to out: inout [UInt8]) {
        for inline in inlines { append(inline, upper: upper, to: &out) }
    }

    private mutating func append(_ inline: Inline, upper: Bool, to out: inout [UInt8]) {
        switch inline {
        case let .text(text):
            if upper {
                out.append(contentsOf: Self.flatten(text).uppercased().utf8)
            } else {
                Self.appendFlattened(text, to: &out)
            }
        case .softBreak:
            out.append(0x20)
        case .lineBreak:
            out.append(0x0A)
        case let .code(code):
            out.append(0x60)
            Self.appendFlattened(code, to: &out)
            out.append(0x60)
        case let .html(html):
            out.append(contentsOf: Self.inlineHTMLText(html).utf8)
        case let .emphasis(children):
            appendMarked(children, mark: "*", upper: upper, to: &out)
        case let .strong(children):
            if options.uppercaseStrong {
                appendInlines(children, upper: true, to: &out)
            } else {
                appendMarked(children, mark: "**", upper: upper, to: &out)
            }
        case let .strikethrough(children):
            appendMarked(children, mark: "~~", upper: upper, to: &out)
        case let .link(destination, _, content):
            link(destination: destination, content: content, upper: upper, to: &out)
        case let .image(source, _, alt):
            let description = Self.flatten(alt).trimmingSpaces()
            if description.isEmpty {
                out.append(contentsOf: "[Image]".utf8)
            } else {
                out.append(contentsOf: "[Image: ".utf8)
                out.append(contentsOf: description.utf8)
                out.append(0x5D)
            }
            if let url = absolute(source) {
                Self.appendReference(references.number(for: url), to: &out)
            }
        case let .footnoteReference(number):
            // An excerpt can keep a reference whose note it left out.
            if number <= document.footnotes.count {
                out.append(contentsOf: "[^".utf8)
                Self.appendDecimal(number, to: &out)
                out.append(0x5D)
            }
        }
    }

    /// `mark` + children + `mark`, or nothing when the children show nothing.
    private mutating func appendMarked(_ children: [Inline], mark: StaticString, upper: Bool, to out: inout [UInt8]) {
        let marker = UnsafeBufferPointer(start: mark.utf8Start, count: mark.utf8CodeUnitCount)
        out.append(contentsOf: marker)
        let start = out.count
        appendInlines(children, upper: upper, to: &out)
        if out.count == start {
            out.removeLast(marker.count)
        } else {
            out.append(contentsOf: marker)
        }
    }

    /// The link's text, then its number after the glue; an autolink as its
    /// address; text without an address as the text alone. The text is
    /// rendered first, where it goes, so that an image inside the link is
    /// numbered before the link is (as when the text was a string of its own).
    private mutating func link(destination: String, content: [Inline], upper: Bool, to out: inout [UInt8]) {
        let start = out.count
        appendInlines(content, upper: upper, to: &out)
        let url = absolute(destination)
        // An autolink already shows its address: no number needed.
        let plain = Self.plainText(content)
        if Self.showsItsAddress(plain, destination) {
            if url != nil {
                out.removeSubrange(start...)
                out.append(contentsOf: plain.utf8)
            }
            return
        }
        guard let url else { return }
        if Self.isBlank(out[start...]) {
            out.removeSubrange(start...)
            out.append(contentsOf: url.utf8)
            return
        }
        Self.appendReference(references.number(for: url), to: &out)
    }

    /// `content.plainText`, without building a string for a link whose
    /// content is one text or code span (nearly every link).
    static func plainText(_ content: [Inline]) -> String {
        if content.count == 1 {
            switch content[0] {
            case let .text(text), let .code(text): return text
            default: break
            }
        }
        return content.plainText
    }

    /// The glue and `[n]`: a link's or image's number.
    static func appendReference(_ number: Int, to out: inout [UInt8]) {
        // U+E000, then `[`, a byte at a time: an array literal is an allocation.
        out.append(0xEE)
        out.append(0x80)
        out.append(0x80)
        out.append(0x5B)
        appendDecimal(number, to: &out)
        out.append(0x5D)
    }

    /// `String(number)`'s bytes, without making the string.
    static func appendDecimal(_ number: Int, to out: inout [UInt8]) {
        guard number >= 0 else {
            out.append(contentsOf: String(number).utf8)
            return
        }
        var scale = 1
        while scale <= number / 10 { scale *= 10 }
        var rest = number
        repeat {
            out.append(0x30 + UInt8(rest / scale))
            rest %= scale
            scale /= 10
        } while scale > 0
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

    /// `flatten(text)`'s bytes appended to `out`: copied straight from the
    /// text when it holds none of the bytes that `flatten` looks at.
    static func appendFlattened(_ text: String, to out: inout [UInt8]) {
        var text = text
        let copied = text.withUTF8 { bytes -> Bool in
            guard !mayNeedFlattening(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !copied { out.append(contentsOf: flatten(text).utf8) }
    }

    /// Whether an LF, a CR or the glue's lead byte (0xEE) is there: eight
    /// bytes at a time, each compared by finding a zero byte in its XOR
    /// (a flagged byte is a true zero or lies above one, so any flag
    /// means one is there).
    static func mayNeedFlattening(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if hasZero(chunk ^ (ones &* 0x0A)) || hasZero(chunk ^ (ones &* 0x0D)) || hasZero(chunk ^ (ones &* 0xEE)) {
                    return true
                }
                index += 8
            }
        }
        while index < bytes.count {
            if bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0xEE { return true }
            index += 1
        }
        return false
    }

    /// True when only white space (`.whitespaces`) is there; a visible
    /// ASCII byte settles it without Foundation.
    static func isBlank(_ text: String) -> Bool {
        var bytes = text
        if bytes.withUTF8({ $0.contains { $0 > 0x20 && $0 < 0x7F } }) { return false }
        return text.trimmingSpaces().isEmpty
    }

    /// `isBlank` for UTF-8 bytes that are a whole string's.
    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return false }
        return String(decoding: bytes, as: UTF8.self).trimmingSpaces().isEmpty
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
