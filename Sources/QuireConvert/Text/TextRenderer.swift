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
        var renderer = TextRenderer(document: post.document, options: options,
                                    pageURL: webURL(of: post, baseURL: options.baseURL))
        var lines = renderer.header(post)
        var blocks = post.document.blocks
        // A post that starts with its own title as `# Title` would say it twice.
        if case let .heading(1, _, content)? = blocks.first, content.plainText == post.title {
            blocks.removeFirst()
        }
        let body = renderer.bodyLines(blocks, forceTOC: options.forceTableOfContents || post.tableOfContents)
        if !body.isEmpty { lines += [.blank] + body }
        return renderer.finish(lines)
    }

    /// A document without a header block, such as a newsletter's introduction.
    public static func render(_ document: Document, options: Options = Options(), pageURL: String? = nil) -> String {
        var renderer = TextRenderer(document: document, options: options, pageURL: pageURL)
        let body = renderer.bodyLines(document.blocks, forceTOC: options.forceTableOfContents)
        return renderer.finish(body)
    }

    /// Where the post lives on the web: its permalink made absolute with the
    /// base URL, when both are known.
    public static func webURL(of post: Post, baseURL: String?) -> String? {
        guard let permalink = post.permalink?.trimmingCharacters(in: .whitespaces), !permalink.isEmpty else { return nil }
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
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December"]
        return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }

    let document: Document
    let options: Options
    /// The page the post is published at: relative links resolve against it.
    let pageURL: String?
    var references = LinkReferences()

    init(document: Document, options: Options, pageURL: String?) {
        self.document = document
        self.options = options
        self.pageURL = pageURL
    }

    // MARK: Assembly

    mutating func header(_ post: Post) -> [TextLine] {
        var lines = titleLines(post.title.replacingOccurrences(of: "\n", with: " "), width: options.width)
        if let byline = Self.byline(of: post) {
            lines += TextWrapper.wrap(byline, width: options.width)
        }
        if let url = pageURL { lines.append(TextLine(url)) }
        return lines
    }

    mutating func bodyLines(_ blocks: [Block], forceTOC: Bool) -> [TextLine] {
        var lines: [TextLine] = []
        if forceTOC, !document.hasTableOfContentsPlaceholder {
            lines = tableOfContentsLines(width: options.width)
        }
        let body = self.lines(for: blocks, width: options.width)
        if !body.isEmpty {
            if !lines.isEmpty { lines.append(.blank) }
            lines += body
        }
        let notes = footnoteLines()
        if !notes.isEmpty { lines += [.blank] + notes }
        let links = references.lines()
        if !links.isEmpty { lines += [.blank] + headingLines("Links", level: 3, width: options.width) + [.blank] + links }
        return lines
    }

    /// The lines as text: UTF-8, LF, at most one blank line in a row, no
    /// trailing spaces (except soft breaks in format=flowed), a final newline.
    func finish(_ lines: [TextLine]) -> String {
        var out = ""
        var previousBlank = true
        for line in lines {
            let text = options.flowed ? line.flowed : line.plain
            let blank = text.isEmpty
            if blank && previousBlank { continue }
            out += text
            out += "\n"
            previousBlank = blank
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out.isEmpty ? "\n" : out
    }

    // MARK: Notes

    mutating func footnoteLines() -> [TextLine] {
        guard !document.footnotes.isEmpty else { return [] }
        var lines = headingLines("Notes", level: 3, width: options.width)
        for (index, footnote) in document.footnotes.enumerated() {
            let marker = "[^\(index + 1)] "
            let body = self.lines(for: footnote.blocks, width: options.width - marker.count)
            lines.append(.blank)
            lines += hanging(body, marker: marker)
        }
        return lines
    }

    /// Puts `marker` before the first line and its width in spaces before
    /// the rest: list items and notes.
    func hanging(_ lines: [TextLine], marker: String) -> [TextLine] {
        let indent = String(repeating: " ", count: DisplayWidth.of(marker))
        guard !lines.isEmpty else { return [TextLine(marker)] }
        return lines.enumerated().map { index, line in
            if line.text.isEmpty && line.quoteDepth == 0 { return line }
            return line.prefixed(index == 0 ? marker : indent)
        }
    }
}
