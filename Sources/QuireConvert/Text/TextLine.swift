/// One line of the plain-text form before it is written out. Keeping the
/// block-quote depth and the soft-wrap mark apart from the text lets the
/// same lines be written as ordinary text or as RFC 3676 format=flowed.
struct TextLine: Equatable {
    /// Block quotes this line sits in, counted from the start of the line.
    var quoteDepth = 0
    var text: String
    /// True when the wrapper broke the line and the next line continues
    /// the same paragraph (a soft line break in format=flowed).
    var soft = false

    init(_ text: String, soft: Bool = false, quoteDepth: Int = 0) {
        self.text = text
        self.soft = soft
        self.quoteDepth = quoteDepth
    }

    static let blank = TextLine("")

    /// The line as plain text: quote markers written out, trailing spaces dropped.
    var plain: String {
        var out = String(repeating: "> ", count: quoteDepth) + text
        while out.last == " " { out.removeLast() }
        return out
    }

    /// `plain`, appended to `out` as UTF-8.
    func appendPlain(to out: inout [UInt8]) {
        let start = out.count
        for _ in 0..<quoteDepth { out.append(contentsOf: [0x3E, 0x20]) }
        out.append(contentsOf: text.utf8)
        var end = out.count
        while end > start, out[end - 1] == 0x20 { end -= 1 }
        guard end < out.count else { return }
        if end > start && out[end - 1] >= 0x80 {
            // A space after a non-ASCII scalar can belong to its grapheme
            // (after a prepended mark): let `Character`s decide.
            out.removeSubrange(start...)
            out.append(contentsOf: plain.utf8)
        } else {
            out.removeSubrange(end...)
        }
    }

    /// The line as format=flowed (RFC 3676 4.2-4.5): quote markers without
    /// spaces between them, then one space-stuffing space; unquoted lines
    /// that start with a space, `>` or `From ` are space-stuffed; soft lines
    /// end with a space.
    var flowed: String {
        var body = text
        while body.last == " " { body.removeLast() }
        var out: String
        if quoteDepth > 0 {
            out = String(repeating: ">", count: quoteDepth)
            if !body.isEmpty { out += " " + body }
        } else if body.hasPrefix(" ") || body.hasPrefix(">") || body.hasPrefix("From ") {
            out = " " + body
        } else {
            out = body
        }
        if soft, !body.isEmpty { out += " " }
        return out
    }

    /// Puts `prefix` before the line (the first line of a list item, say),
    /// writing any quote markers into the text because they no longer
    /// start the line.
    func prefixed(_ prefix: String) -> TextLine {
        var line = self
        line.prefix(prefix)
        return line
    }

    /// `prefixed`, in place.
    mutating func prefix(_ prefix: String) {
        var joined = prefix
        joined.reserveCapacity(prefix.utf8.count + 2 * quoteDepth + text.utf8.count)
        for _ in 0..<quoteDepth { joined += "> " }
        joined += text
        text = joined
        quoteDepth = 0
    }
}
