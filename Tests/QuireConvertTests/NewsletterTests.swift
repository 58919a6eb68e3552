import Foundation
import Testing
@testable import QuireConvert

@Suite struct NewsletterTests {
    static func post(_ markdown: String, path: String, date: String?, draft: Bool = false) -> Post {
        var post = try! PostReader.read(bytes: Array(markdown.utf8), path: path)
        post.date = date.flatMap(Newsletter.parseDate)
        post.draft = draft
        return post
    }

    static let hostile = """
        ---
        title: Hostile HTML
        url: /blog/hostile/
        ---

        <div onclick="steal()"><p style="color:red">Kept <b>text</b>.</p>
        <script>alert(1)</script><iframe src="https://evil.example/"></iframe>
        <img src="x.png" onerror="steal()" alt="relative picture"><a href="javascript:alert(1)">bad link</a>
        <img src="https://example.com/ok.png" alt="absolute picture"></div>

        Inline <span onmouseover="x()">span</span> and <kbd>kbd</kbd>.
        """

    static func samplePosts() throws -> [Post] {
        var everything = try TextGoldenTests.post("text-everything")
        everything.date = Newsletter.parseDate("2024-03-05")
        var wide = try TextGoldenTests.post("text-wide")
        wide.date = Newsletter.parseDate("2024-02-01")
        return [wide, everything,
                post(hostile, path: "hostile.md", date: "2024-01-15"),
                post("# Secret\n\nNot yet.", path: "draft.md", date: "2024-04-01", draft: true)]
    }

    @Test func selectsNewestFirstWithoutDrafts() throws {
        let posts = try Self.samplePosts()
        #expect(Newsletter.select(posts).map(\.title) == ["Everything a post can hold", "漢字とかなの長い題名は二桁ずつ数えて、下線も同じ幅にそろえます", "Hostile HTML"])
        #expect(Newsletter.select(posts, last: 1).map(\.title) == ["Everything a post can hold"])
        #expect(Newsletter.select(posts, since: Newsletter.parseDate("2024-02-01")).count == 2)
        #expect(Newsletter.select(posts, excluding: ["/blog/everything/", "/blog/hostile/"]).count == 1)
    }

    @Test func datesComeFromFrontMatterOrFileName() {
        var post = Self.post("text", path: "posts/2023-07-09-holiday.md", date: nil)
        #expect(Newsletter.date(of: post) == Newsletter.parseDate("2023-07-09"))
        post.frontMatter["date"] = .string("2021-01-02T03:04:05Z")
        #expect(Newsletter.date(of: post) == Newsletter.parseDate("2021-01-02T03:04:05Z"))
        #expect(Newsletter.parseDate("not a date") == nil)
    }

    static let subject = "Neuigkeiten für Zoë — 日本語の号"

    static func issue(excerpt: Bool = false, flowed: Bool = false) throws -> Newsletter.Issue {
        var options = Newsletter.Options(from: try MailAddress(parsing: "Ada Lovelace <ada@example.com>"),
                                         to: [try MailAddress(parsing: "Zoë Bürger <zoe@example.com>")])
        options.subject = subject
        options.date = Newsletter.parseDate("2026-11-30T09:00:00Z")!
        options.baseURL = "https://example.com/"
        options.excerpt = excerpt
        options.flowed = flowed
        options.introduction = "Hello! This week: **three posts**, one of them [hostile](/blog/hostile/)."
        return Newsletter(options: options).build(Newsletter.select(try samplePosts()))
    }

    @Test func theIssueHoldsEveryPartInOrder() throws {
        let issue = try Self.issue()
        #expect(issue.name == "issue-2026-11-30")
        let text = issue.text
        let order = ["Neuigkeiten", "Hello! This week", "Everything a post can hold", "漢字とかな", "Hostile HTML", "Sent by Ada Lovelace"]
        let positions = order.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(!text.contains("Not yet"))
        #expect(!text.contains("alert") && !text.contains("<b>"))
        #expect(text.contains("Kept text."))
    }

    @Test(arguments: [false, true])
    func theIssueTextKeepsTheTextRules(excerpt: Bool) throws {
        let issue = try Self.issue(excerpt: excerpt)
        let all = Document(blocks: issue.posts.flatMap(\.document.blocks), footnotes: issue.posts.flatMap(\.document.footnotes))
        let problems = TextChecks.problems(in: issue.text, document: all, width: 72)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test func theHTMLIsSafeToMail() throws {
        let html = try Self.issue().html
        for banned in ["<script", "<iframe", "onclick", "onerror", "onmouseover", "javascript:", "<style", "src=\"x.png\""] {
            #expect(!html.contains(banned), "\(banned) in the e-mail HTML")
        }
        #expect(html.contains("src=\"https://example.com/ok.png\""))
        #expect(html.contains("[Image: relative picture]") || html.contains("src=\"https://example.com/blog/hostile/x.png\""))
        #expect(html.contains("<p style=\""))
        // Ids of different posts stay apart in one message.
        #expect(html.contains("id=\"post1-fn-1\"") && html.contains("href=\"#post1-fn-1\""))
        #expect(!html.contains("id=\"fn-"))
    }

    @Test func excerptsEndWithReadMore() throws {
        let issue = try Self.issue(excerpt: true)
        #expect(issue.text.contains("Read more: https://example.com/blog/everything/"))
        #expect(!issue.text.contains("Deeper nested item"))
    }

    /// Python's `email` package, as a mail client would read the message.
    @Test(arguments: [false, true])
    func pythonReadsTheMessage(flowed: Bool) throws {
        let issue = try Self.issue(flowed: flowed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-eml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stem = folder.appendingPathComponent(issue.name).path
        try Data(issue.text.utf8).write(to: URL(fileURLWithPath: stem + ".txt"))
        try Data(issue.html.utf8).write(to: URL(fileURLWithPath: stem + ".html"))
        try Data(issue.message.rendered().utf8).write(to: URL(fileURLWithPath: stem + ".eml"))
        let result = try EmailCheck.run(subject: Self.subject, files: [stem + ".eml"])
        #expect(result.status == 0, "\(result.output)")
        if flowed { #expect(issue.message.rendered().contains("format=flowed")) }
    }
}

/// Runs `Tests/check_eml.py`.
enum EmailCheck {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("check_eml.py").path

    static func run(subject: String, files: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, subject] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

@Suite struct HTMLSanitizerTests {
    @Test func dropsScriptsHandlersAndBadURLs() {
        let html = #"<p onclick="x()" style="a" class="c">Hi <a href="javascript:alert(1)">x</a> <a href="/ok" onmouseover="y">ok</a></p><script>evil()</script><iframe src="https://e"></iframe><object data="f"></object><img src="a.png" alt="A">"#
        let out = HTMLSanitizer.sanitize(html) { URLResolver.resolve($0, against: "https://example.com/post/") }
        #expect(out == #"<p>Hi <a>x</a> <a href="https://example.com/ok">ok</a></p><img src="https://example.com/post/a.png" alt="A">"#)
    }

    @Test func unknownTagsKeepTheirText() {
        let out = HTMLSanitizer.sanitize("<custom-el>inner <blink>text</blink></custom-el>") { _ in nil }
        #expect(out == "inner text")
    }

    @Test func imagesWithoutAddressBecomeAltText() {
        #expect(HTMLSanitizer.sanitize(#"<img src="a.png" alt="A map">"#) { _ in nil } == "[Image: A map]")
    }
}
