import Foundation

/// Renders a post as plain text that reads as if a careful person typed it:
/// wrapped in display columns, links as numbered references listed at the
/// end, tables as aligned columns (or one block per row when too wide),
/// footnotes collected at the end, no markup left over.
public struct TextRenderer {
    public struct Options: Sendable {
        /// Columns per line, counted with `DisplayWidth`.
        public var width = 72
        /// The site's address: relative links and images are made absolute
        /// against the post's URL (or this) and listed; without it they are
        /// left out of the list rather than printed as dead paths.
        public var baseURL: String?
        /// Strong emphasis as UPPER CASE instead of `**text**`.
        public var uppercaseStrong = false
        /// RFC 3676 format=flowed: soft breaks end in a space, quotes are
        /// written `>>`, lines are space-stuffed.
        public var flowed = false
        public var tocDepth = 3
        /// A table of contents at the top even without a `<toc>` placeholder.
        public var forceTableOfContents = false

        public init(width: Int = 72, baseURL: String? = nil, uppercaseStrong: Bool = false, flowed: Bool = false) {
            self.width = width
            self.baseURL = baseURL
            self.uppercaseStrong = uppercaseStrong
            self.flowed = flowed
        }
    }

    /// The whole post: the header block (title, author and date, web
    /// address), the body, its notes and its links.
    public static func render(_ post: Post, options: Options = Options()) -> String {
        String(decoding: renderBytes(post, options: options), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes, which is what a converter writes out.
    static func renderBytes(_ post: Post, options: Options = Options()) -> [UInt8] {
        var renderer = TextRenderer(document: post.document, options: options,
                                    pageURL: webURL(of: post, baseURL: options.baseURL))
        var lines = renderer.header(post)
        var blocks = post.document.blocks
        // A post that starts with its own title as `# Title` would say it twice.
        if case let .heading(1, _, content)? = blocks.first, content.plainText == post.title {
            blocks.removeFirst()
        }
        lines.append(.blank)
        let body = lines.count
        renderer.appendBody(blocks, forceTOC: options.forceTableOfContents || post.tableOfContents, to: &lines)
        if lines.count == body { lines.removeLast() }
        return renderer.finish(lines)
    }

    /// A document without a header block, such as a newsletter's introduction.
    public static func render(_ document: Document, options: Options = Options(), pageURL: String? = nil) -> String {
        var renderer = TextRenderer(document: document, options: options, pageURL: pageURL)
        var lines: [TextLine] = []
        renderer.appendBody(document.blocks, forceTOC: options.forceTableOfContents, to: &lines)
        return String(decoding: renderer.finish(lines), as: UTF8.self)
    }

    /// Where the post lives on the web: its permalink made absolute with the
    /// base URL, when both are known.
    public static func webURL(of post: Post, baseURL: String?) -> String? {
        guard let permalink = post.permalink?.trimmingSpaces(), !permalink.isEmpty else { return nil }
        if URLSafety.hasScheme(permalink) { return URLSafety.isSafe(permalink) ? permalink : nil }
        guard let baseURL, !baseURL.isEmpty else { return nil }
        // A permalink is written relative to the site, not to a page in it:
        // `blog/x` under `https://example.com/site` is `https://example.com/site/blog/x`.
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        let path = permalink.hasPrefix("/") ? String(permalink.dropFirst()) : permalink
        return URLResolver.resolve(path, against: base)
    }

    /// "By Ada Lovelace, 3 April 2020": the authors as the post names them.
    public static func byline(of post: Post) -> String? {
        var authors = post.authors
        // The first-cut reader keeps `author` only in the front matter.
        if authors.isEmpty, let author = post.frontMatter["author"]?.stringValue, !author.isEmpty {
            authors = [author]
        }
        var parts: [String] = []
        if !authors.isEmpty {
            let names = authors.count <= 2 ? authors.joined(separator: " and ")
                : authors.dropLast().joined(separator: ", ") + " and " + authors.last!
            parts.append("By " + names)
        }
        if let date = post.date { parts.append(longDate(date)) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// "3 April 2020", in UTC so the same post gives the same text anywhere.
    public static func longDate(_ date: Date) -> String {
        if let parts = PostDate.utcComponents(of: date) {
            return "\(parts.day) \(months[parts.month - 1]) \(parts.year)"
        }
        return longDateFoundation(date)
    }

    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]

    /// `longDate` through Foundation's calendar: the general form.
    static func longDateFoundation(_ date: Date) -> String {
        let calendar = Calendar.utc
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }

    let document: Document
    let options: Options
    /// The page the post is published at: relative links resolve against it.
    let pageURL: String?
    var references = LinkReferences()
    /// Reused for every paragraph's inline text (see `append(_:width:to:)`).
    var inlineBuffer: [UInt8] = []
    /// The bytes of those paragraphs' lines.
    let lineBytes = LineBytes()

    init(document: Document, options: Options, pageURL: String?) {
        self.document = document
        self.options = options
        self.pageURL = pageURL
    }

    // MARK: Assembly

    mutating func header(_ post: Post) -> [TextLine] {
        // Foundation's replacement only when there is a line feed to replace.
        let title = post.title.utf8.contains(0x0A) ? post.title.replacingOccurrences(of: "\n", with: " ") : post.title
        var lines = titleLines(title, width: options.width)
        if let byline = Self.byline(of: post) {
            lines += TextWrapper.wrap(byline, width: options.width)
        }
        if let url = pageURL { lines.append(TextLine(url)) }
        return lines
    }

    mutating func appendBody(_ blocks: [Block], forceTOC: Bool, to lines: inout [TextLine]) {
        let start = lines.count
        if forceTOC, !document.hasTableOfContentsPlaceholder {
            lines += tableOfContentsLines(width: options.width)
        }
        let separated = lines.count > start
        if separated { lines.append(.blank) }
        let body = lines.count
        append(blocks, width: options.width, to: &lines)
        if separated && lines.count == body { lines.removeLast() }
        if !document.footnotes.isEmpty {
            lines.append(.blank)
            appendFootnotes(to: &lines)
        }
        let links = references.lines()
        if !links.isEmpty { lines += [.blank] + headingLines("Links", level: 3, width: options.width) + [.blank] + links }
    }

    /// The lines as text: UTF-8, LF, at most one blank line in a row, no
    /// trailing spaces (except soft breaks in format=flowed), a final newline.
    func finish(_ lines: [TextLine]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.count * 48 + 1)
        var previousBlank = true
        // Through the buffer: each line is read in place, not copied out
        // (retaining its strings) and released again.
        lines.withUnsafeBufferPointer { lines in
            for index in lines.indices {
                let start = out.count
                if options.flowed {
                    out.append(contentsOf: lines[index].flowed.utf8)
                } else {
                    lines[index].appendPlain(to: &out)
                }
                let blank = out.count == start
                if blank && previousBlank { continue }
                out.append(0x0A)
                previousBlank = blank
            }
        }
        // Blank lines at the end go; CR LF is one character, not a line end.
        while out.count >= 2, out[out.count - 1] == 0x0A, out[out.count - 2] == 0x0A,
              out.count < 3 || out[out.count - 3] != 0x0D {
            out.removeLast()
        }
        return out.isEmpty ? [0x0A] : out
    }

    // MARK: Notes

    mutating func appendFootnotes(to lines: inout [TextLine]) {
        lines += headingLines("Notes", level: 3, width: options.width)
        for (index, footnote) in document.footnotes.enumerated() {
            let marker = "[^\(index + 1)] "
            lines.append(.blank)
            let body = lines.count
            append(footnote.blocks, width: options.width - marker.count, to: &lines)
            hang(&lines, from: body, marker: marker)
        }
    }

    /// Puts `marker` before the first line and its width in spaces before
    /// the rest: list items and notes.
    func hanging(_ lines: [TextLine], marker: String) -> [TextLine] {
        var lines = lines
        hang(&lines, from: 0, marker: marker)
        return lines
    }

    /// `hanging` for the lines from `start` on, in place.
    func hang(_ lines: inout [TextLine], from start: Int, marker: String) {
        guard lines.count > start else {
            lines.append(TextLine(marker))
            return
        }
        let indent = String(repeating: " ", count: DisplayWidth.of(marker))
        for index in start..<lines.count {
            if lines[index].isEmpty && lines[index].quoteDepth == 0 { continue }
            lines[index].prefix(index == start ? marker : indent)
        }
    }
}
