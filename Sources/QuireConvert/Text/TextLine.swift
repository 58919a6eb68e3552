/// One line of the plain-text form before it is written out. Keeping the
/// block-quote depth and the soft-wrap mark apart from the text lets the
/// same lines be written as ordinary text or as RFC 3676 format=flowed.
struct TextLine: Equatable {
    /// Block quotes this line sits in, counted from the start of the line.
    var quoteDepth = 0
    /// What goes before `body`: list markers and their indents, quote
    /// markers that no longer start the line, a code row's four-space
    /// indent and a link list entry's `[n]` marker. Kept apart because a line of
    /// a list item nested three deep is prefixed three times: joining the
    /// prefixes, a few bytes that `String` holds inline, allocates nothing,
    /// where putting each before the whole line copied the line each time.
    private(set) var lead = ""
    /// What follows `lead`: a string, or bytes the wrapper wrote into the
    /// renderer's `LineBytes`.
    private var body: Body
    /// True when the wrapper broke the line and the next line continues
    /// the same paragraph (a soft line break in format=flowed).
    var soft = false

    private enum Body {
        case string(String)
        case bytes(LineBytes, Range<Int>)
    }

    /// The line's text after its quote markers.
    var text: String {
        get {
            let rest: String
            switch body {
            case let .string(string): rest = string
            case let .bytes(store, range): rest = String(decoding: store.bytes[range], as: UTF8.self)
            }
            return lead.isEmpty ? rest : lead + rest
        }
        set {
            lead = ""
            body = .string(newValue)
        }
    }

    /// Whether `text` is empty, without making it.
    var isEmpty: Bool {
        guard lead.isEmpty else { return false }
        switch body {
        case let .string(string): return string.isEmpty
        case let .bytes(_, range): return range.isEmpty
        }
    }

    init(_ text: String, soft: Bool = false, quoteDepth: Int = 0) {
        self.body = .string(text)
        self.soft = soft
        self.quoteDepth = quoteDepth
    }

    /// A line whose text is `lead` then `body`.
    init(_ body: String, lead: String) {
        self.body = .string(body)
        self.lead = lead
    }

    /// A line whose text is `range` of `store`'s bytes (valid UTF-8).
    init(_ store: LineBytes, _ range: Range<Int>, soft: Bool = false) {
        self.body = .bytes(store, range)
        self.soft = soft
    }

    /// Computed, not stored: a line may refer to a `LineBytes`, which is
    /// not `Sendable`, so no line can be a shared constant.
    static var blank: TextLine { TextLine("") }

    /// Lines are equal when they read the same, wherever `lead` ends.
    static func == (a: TextLine, b: TextLine) -> Bool {
        a.quoteDepth == b.quoteDepth && a.soft == b.soft && a.text == b.text
    }

    /// The line as plain text: quote markers written out, trailing spaces dropped.
    var plain: String {
        var out = String(repeating: "> ", count: quoteDepth) + text
        while out.last == " " { out.removeLast() }
        return out
    }

    /// `plain`, appended to `out` as UTF-8.
    func appendPlain(to out: inout [UInt8]) {
        let start = out.count
        for _ in 0..<quoteDepth {
            out.append(0x3E)
            out.append(0x20)
        }
        out.append(contentsOf: lead.utf8)
        switch body {
        case let .string(string): out.append(contentsOf: string.utf8)
        case let .bytes(store, range): out.append(contentsOf: store.bytes[range])
        }
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
    /// writing any quote markers into `lead` after it because they no
    /// longer start the line.
    func prefixed(_ prefix: String) -> TextLine {
        var line = self
        line.prefix(prefix)
        return line
    }

    /// `prefixed`, in place.
    mutating func prefix(_ prefix: String) {
        var joined = prefix
        for _ in 0..<quoteDepth { joined += "> " }
        joined += lead
        lead = joined
        quoteDepth = 0
    }
}
