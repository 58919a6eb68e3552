import Foundation

/// Builds one newsletter issue from several posts: the same content as
/// plain text, as e-mail-safe HTML, and as a complete message holding both.
/// Choosing posts and writing files is left to the caller; this only
/// renders.
public struct Newsletter: Sendable {
    public struct Options: Sendable {
        public var from: MailAddress
        public var to: [MailAddress]
        /// Default: "Newsletter, 30 November 2026".
        public var subject: String?
        /// The issue's date: its file names, its `Date` header.
        public var date = Date()
        public var baseURL: String?
        /// Each post as its summary and a "Read more" link instead of in full.
        public var excerpt = false
        /// Markdown before the posts (the header file).
        public var introduction: String?
        /// Markdown after the posts; default: an unsubscribe line and the sender.
        public var footer: String?
        public var width = 72
        public var flowed = false
        public var uppercaseStrong = false
        public var tocDepth = 3

        public init(from: MailAddress, to: [MailAddress]) {
            self.from = from
            self.to = to
        }
    }

    /// An issue, ready to write.
    public struct Issue: Sendable {
        /// `issue-2026-11-30`: the stem of the three files.
        public var name: String
        public var subject: String
        public var text: String
        public var html: String
        public var message: MailMessage
        /// The posts in the issue, in the order they appear.
        public var posts: [Post]
    }

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    // MARK: Choosing posts

    /// Newest first, drafts left out, then `since`, `sent` and `last`
    /// applied in that order. Posts without any date sort last.
    public static func select(_ posts: [Post], since: Date? = nil, last: Int? = nil,
                              excluding sent: Set<String> = []) -> [Post] {
        var chosen = posts.filter { !isDraft($0) }
        chosen.sort { a, b in
            switch (date(of: a), date(of: b)) {
            case let (x?, y?): return x != y ? x > y : a.path < b.path
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.path < b.path
            }
        }
        if let since { chosen = chosen.filter { (date(of: $0) ?? .distantPast) >= since } }
        chosen = chosen.filter { !sent.contains(key(of: $0)) }
        if let last { chosen = Array(chosen.prefix(max(last, 0))) }
        return chosen
    }

    /// What the state file remembers a post by: its permalink, which stays
    /// when the file is renamed or moved, else its slug.
    public static func key(of post: Post) -> String {
        if let permalink = post.permalink?.trimmingCharacters(in: .whitespaces), !permalink.isEmpty { return permalink }
        return post.slug
    }

    public static func isDraft(_ post: Post) -> Bool {
        if post.draft { return true }
        // The first-cut reader keeps these only in the front matter.
        if post.frontMatter["draft"]?.stringValue?.lowercased() == "true" { return true }
        return post.frontMatter["published"]?.stringValue?.lowercased() == "false"
    }

    /// The post's date; failing that the front matter's `date`, or the
    /// `YYYY-MM-DD-` prefix Jekyll puts on file names.
    public static func date(of post: Post) -> Date? {
        if let date = post.date { return date }
        if case let .date(date)? = post.frontMatter["date"] { return date }
        if let text = post.frontMatter["date"]?.stringValue, let date = parseDate(text) { return date }
        return PostDate.fromFileName((post.path as NSString).lastPathComponent)
    }

    /// A date as posts write it (`2024-03-05`, `2024-03-05T10:00:00Z`, …):
    /// the post reader's own scanner, so `--since` reads dates as posts do.
    public static func parseDate(_ text: String) -> Date? {
        PostDate.parse(text)
    }

    // MARK: Building

    public func build(_ posts: [Post]) -> Issue {
        let day = Self.isoDay(options.date)
        let subject = options.subject ?? "Newsletter, \(TextRenderer.longDate(options.date))"
        var textOptions = TextRenderer.Options(width: options.width, baseURL: options.baseURL,
                                               uppercaseStrong: options.uppercaseStrong, flowed: options.flowed)
        textOptions.tocDepth = options.tocDepth

        // The text: title block, introduction, each post, footer, with a
        // centred rule between the parts.
        let rule = String(repeating: " ", count: max((options.width - 12) / 2, 0)) + String(repeating: "-", count: 12)
        var parts: [String] = []
        // The default subject already says the date.
        let dateLine = options.subject == nil ? "" : TextRenderer.longDate(options.date) + "\n"
        parts.append(TextRenderer.render(Document(blocks: [.heading(level: 1, id: "", content: [.text(subject)])]),
                                         options: textOptions) + dateLine)
        if let intro = options.introduction, !intro.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            parts.append(TextRenderer.render(MarkdownParser.parse(intro), options: textOptions))
        }
        var htmlContent = "<h1 style=\"\(EmailHTML.styles["h1"]!)\">\(Escape.text(subject))</h1>\n"
        if !dateLine.isEmpty {
            htmlContent += "<p style=\"margin: 0 0 16px; color: #666666;\">\(Escape.text(TextRenderer.longDate(options.date)))</p>\n"
        }
        if let intro = options.introduction, !intro.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            htmlContent += EmailHTML.fragment(MarkdownParser.parse(intro), pageURL: nil, baseURL: options.baseURL, idPrefix: "intro-")
        }

        for (index, post) in posts.enumerated() {
            let url = TextRenderer.webURL(of: post, baseURL: options.baseURL)
            var shown = post
            if options.excerpt {
                shown.document = Self.excerpt(of: post, readMore: url)
                shown.tableOfContents = false
            }
            parts.append(rule + "\n\n" + TextRenderer.render(shown, options: textOptions))
            htmlContent += postHTML(shown, url: url, number: index + 1)
        }

        let footer = options.footer ?? defaultFooter
        parts.append(rule + "\n\n" + TextRenderer.render(MarkdownParser.parse(footer), options: textOptions))
        htmlContent += "<hr style=\"\(EmailHTML.styles["hr"]!)\">\n<div style=\"font-size: 14px; color: #666666;\">\n"
        htmlContent += EmailHTML.fragment(MarkdownParser.parse(footer), pageURL: nil, baseURL: options.baseURL, idPrefix: "footer-")
        htmlContent += "</div>\n"

        let text = parts.joined(separator: "\n")
        let html = EmailHTML.page(title: subject, content: htmlContent)
        var message = MailMessage(from: options.from, to: options.to, subject: subject, date: options.date,
                                  text: text, html: html)
        message.textIsFlowed = options.flowed
        message.extraHeaders = [("List-Unsubscribe", "<mailto:\(options.from.address)?subject=unsubscribe>")]
        return Issue(name: "issue-\(day)", subject: subject, text: text, html: html, message: message, posts: posts)
    }

    /// An unsubscribe line and who sends the letter.
    var defaultFooter: String {
        let sender = options.from.name.map { "\($0) <\(options.from.address)>" } ?? options.from.address
        return """
            You receive this newsletter because you subscribed to it. To unsubscribe, \
            reply to <\(options.from.address)> with "unsubscribe" as the subject.

            Sent by \(Self.escapeMarkdown(sender)).
            """
    }

    private func postHTML(_ post: Post, url: String?, number: Int) -> String {
        var out = "<hr style=\"\(EmailHTML.styles["hr"]!)\">\n<div>\n"
        let title = Escape.text(post.title)
        let heading = url.map { "<a href=\"\(Escape.attribute($0))\" style=\"color: #222222; text-decoration: none;\">\(title)</a>" } ?? title
        out += "<h1 style=\"\(EmailHTML.styles["h1"]!)\">\(heading)</h1>\n"
        if let byline = TextRenderer.byline(of: post) {
            out += "<p style=\"margin: 0 0 16px; color: #666666;\">\(Escape.text(byline))</p>\n"
        }
        var document = post.document
        if case let .heading(1, _, content)? = document.blocks.first, content.plainText == post.title {
            document.blocks.removeFirst()
        }
        out += EmailHTML.fragment(document, pageURL: url, baseURL: options.baseURL, tocDepth: options.tocDepth,
                                  idPrefix: "post\(number)-")
        out += "</div>\n"
        return out
    }

    /// The summary (front matter `description`, else the first paragraph
    /// with words in it) and a "Read more" line with the post's address.
    static func excerpt(of post: Post, readMore url: String?) -> Document {
        var blocks: [Block] = []
        if let description = post.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            blocks.append(.paragraph([.text(description)]))
        } else if let first = post.document.blocks.first(where: { block in
            if case let .paragraph(content) = block { return !content.plainText.trimmingCharacters(in: .whitespaces).isEmpty
                && content.contains { if case .image = $0 { return false } else { return true } } }
            return false
        }) {
            blocks.append(first)
        }
        if let url {
            blocks.append(.paragraph([.text("Read more: "), .link(destination: url, title: "", content: [.text(url)])]))
        }
        return Document(blocks: blocks)
    }

    static func isoDay(_ date: Date) -> String {
        let calendar = Calendar.utc
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    private static func escapeMarkdown(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#!".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
