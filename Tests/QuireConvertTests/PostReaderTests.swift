import Foundation
import Testing
@testable import QuireConvert

@Suite struct PostReaderTests {
    // MARK: Jekyll and Hugo keys

    @Test func jekyllKeys() throws {
        let post = try readPost("""
            ---
            title: "A post: with a colon"
            date: 2025-01-29 18:15:32 +0530
            last_modified_at: 2025-02-01
            author: Ann
            description: What it is about
            tags: swift linux
            categories: [Notes, Tools]
            lang: de
            permalink: /blog/a-post/
            layout: post
            published: false
            image: {path: /assets/a.png}
            toc: true
            custom: kept
            ---
            Body
            """)
        #expect(post.title == "A post: with a colon")
        #expect(post.date == utc(2025, 1, 29, 18, 15, 32, offsetMinutes: 330))
        #expect(post.lastModified == utc(2025, 2, 1))
        #expect(post.authors == ["Ann"])
        #expect(post.description == "What it is about")
        #expect(post.tags == ["swift", "linux"])
        #expect(post.categories == ["Notes", "Tools"])
        #expect(post.language == "de")
        #expect(post.permalink == "/blog/a-post/")
        #expect(post.slug == "a-post")
        #expect(post.layout == "post")
        #expect(post.draft)
        #expect(post.image == "/assets/a.png")
        #expect(post.tableOfContents)
        #expect(post.frontMatter["custom"] == .string("kept"))
        #expect(post.warnings.isEmpty)
    }

    @Test func hugoKeys() throws {
        let post = try readPost("""
            ---
            title: Hugo
            lastmod: 2020-05-06T07:08:09Z
            authors: [Ann, Bob]
            summary: Short
            category: one, two
            language: fr
            url: /posts/hugo-post
            slug: chosen
            draft: yes
            cover:
              image: /img/cover.jpg
            ---
            Body
            """)
        #expect(post.lastModified == utc(2020, 5, 6, 7, 8, 9))
        #expect(post.authors == ["Ann", "Bob"])
        #expect(post.description == "Short")
        #expect(post.categories == ["one", "two"])
        #expect(post.language == "fr")
        #expect(post.permalink == "/posts/hugo-post")
        #expect(post.slug == "chosen")
        #expect(post.draft)
        #expect(post.image == "/img/cover.jpg")
    }

    @Test func authorObjectsAndCommaLists() throws {
        #expect(try readPost("---\nauthor: {name: Ann, email: a@x}\n---\nB").authors == ["Ann"])
        #expect(try readPost("---\nauthor: Ann Lee, Bob\n---\nB").authors == ["Ann Lee", "Bob"])
        #expect(try readPost("---\ntags: [a, a, b]\n---\nB").tags == ["a", "b"])
    }

    @Test func dateFromTheFileName() throws {
        let post = try readPost("# Hello\n", path: "posts/2016-12-25-hello-world.md")
        #expect(post.date == utc(2016, 12, 25))
        #expect(post.slug == "hello-world")
    }

    @Test func frontMatterDateBeatsTheFileName() throws {
        let post = try readPost("---\ndate: 2017-01-01\n---\nB", path: "2016-12-25-x.md")
        #expect(post.date == utc(2017, 1, 1))
    }

    @Test func modificationDateFillsLastModified() throws {
        let when = utc(2020, 1, 1)
        let post = try PostReader.read(bytes: Array("B".utf8), path: "a.md", modificationDate: when)
        #expect(post.lastModified == when)
    }

    // MARK: Titles

    @Test func titleFromTheFirstLevelOneHeading() throws {
        #expect(try readPost("## Not this\n\n# This one\n\n# Not the second\n").title == "This one")
    }

    @Test func titleFromTheURLWhenThereIsNoHeading() throws {
        let post = try readPost("---\nurl: /2024/machine-learning-infrastructure-roadmap/\n---\nText\n")
        #expect(post.title == "Machine Learning Infrastructure Roadmap")
    }

    @Test func titleFromTheFileName() throws {
        #expect(try readPost("Text\n", path: "posts/2016-12-25-my-first-post.md").title == "My First Post")
    }

    @Test func numericTitleIsText() throws {
        #expect(try readPost("---\ntitle: 2024\n---\nB").title == "2024")
    }

    @Test(arguments: ["---\nx: 1\ntitle: [a, b]\n---\nB", "---\nx: 1\ntitle: {a: b}\n---\nB",
                      "+++\nx = 1\ntitle = [\"a\"]\n+++\nB", "{\"x\": 1,\n\"title\": {\"a\": 1}}\nB"])
    func titleThatIsNotTextIsAnError(text: String) {
        let error = readError(text)
        #expect(error?.reason == .badTitle)
        #expect(error?.line == (text.hasPrefix("{") ? 2 : 3))
    }

    // MARK: Dates that do not parse

    @Test(arguments: [
        ("---\ntitle: A\ndate: next tuesday\n---\nB", 3),
        ("+++\ntitle = \"A\"\ndate = \"soon\"\n+++\nB", 3),
        ("{\"title\": \"A\",\n \"date\": \"2016-02-30\"}\nB", 2),
        ("---\ntitle: A\n\nlastmod: 12\n---\nB", 4),
        ("---\ntitle: A\ndate: 2020-13-45\n---\nB", 3),
        ("---\ntitle: A\ndate: 2021-02-29 10:00:00\n---\nB", 3),
    ])
    func badDateNamesItsLine(text: String, line: Int) {
        let error = readError(text)
        guard case .badDate = error?.reason else {
            Issue.record("expected a bad date, got \(String(describing: error))")
            return
        }
        #expect(error?.line == line)
    }

    // MARK: Input checks

    @Test func bomAndCRLFAreAccepted() throws {
        let text = "\u{FEFF}---\r\ntitle: Windows\r\ntags: [a]\r\n---\r\n# Heading\r\n\r\nText\r\n"
        let post = try readPost(text)
        #expect(post.title == "Windows")
        #expect(post.tags == ["a"])
        #expect(post.document.headings.map(\.text) == ["Heading"])
    }

    @Test func crlfKeepsLineNumbers() {
        #expect(readError("---\r\ntitle: A\r\ndate: never\r\n---\r\nB")?.line == 3)
    }

    @Test func invalidUTF8NamesTheLineOfTheFirstBadByte() {
        var bytes = Array("---\ntitle: A\n---\nline four\nline \u{E9}five".utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array("\nmore".utf8))
        let error = readError(bytes)
        #expect(error?.reason == .invalidUTF8)
        #expect(error?.line == 5)
        #expect(error?.description == "posts/post.md:5: the file is not valid UTF-8")
        // A truncated sequence at the very end.
        #expect(readError(Array("ok\n\n".utf8) + [0xE2, 0x82])?.line == 3)
    }

    @Test func nulBytesMakeABinaryFile() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        #expect(readError(png)?.reason == .binary)
        let error = readError(Array("# Title\ntext\u{0}more".utf8))
        #expect(error?.reason == .binary)
        #expect(error?.line == 2)
    }

    @Test func utf16IsNotUTF8() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("# Hi".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(readError(utf16)?.reason == .invalidUTF8)
    }

    @Test func emptyPostIsAnErrorUnlessItHasATitle() throws {
        #expect(readError("")?.reason == .emptyPost)
        #expect(readError([0xEF, 0xBB, 0xBF])?.reason == .emptyPost)
        #expect(readError(" \n\n\t\n")?.reason == .emptyPost)
        #expect(readError("---\nlayout: post\n---\n")?.reason == .emptyPost)
        #expect(try readPost("---\ntitle: Only a title\n---\n").title == "Only a title")
        #expect(try readPost("+++\ntitle = \"T\"\n+++").title == "T")
    }

    @Test func postsOverTheSizeLimitAreRefused() {
        let limits = Limits(maximumBytes: 100)
        let error = readError(String(repeating: "a", count: 101), limits: limits)
        #expect(error?.reason == .tooLarge(limit: 100))
        #expect(readError(String(repeating: "a", count: 100), limits: limits) == nil)
    }

    // MARK: The wide-table guard

    static func row(_ cells: Int, _ cell: String = "a") -> String {
        "|" + Array(repeating: cell, count: cells).joined(separator: "|") + "|\n"
    }

    @Test func wideTableIsRefusedBeforeCmarkSeesIt() {
        let text = "---\ntitle: T\n---\nIntro\n\n" + Self.row(5000) + Self.row(5000, "-") + Self.row(5000)
        let start = ContinuousClock.now
        let error = readError(text)
        #expect(error?.reason == .tooManyTableColumns(limit: 1000))
        #expect(error?.line == 6)
        // The reason proves the guard refused it; the time only that it did
        // so before cmark-gfm began (seconds), with room for a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    // MARK: The inline cost guard

    /// cmark-gfm 0.29.0.gfm.6 needs minutes for these (issue 8); the guard
    /// refuses them in milliseconds, with the line.
    @Test(arguments: [
        ("# T\n\n" + String(repeating: "![[]()", count: 160_000), 3, "unclosed ["),
        ("# T\n\nok\n" + String(repeating: "www.a.com)", count: 30_000) + String(repeating: ")", count: 30_000), 4, "ends in too many )"),
        ("# T\n\nhttps://example.com/" + String(repeating: ")", count: 60_000), 3, "ends in too many )"),
    ])
    func quadraticInlinesAreRefused(text: String, line: Int, fragment: String) {
        let start = ContinuousClock.now
        let error = readError(text)
        guard case let .tooComplex(why) = error?.reason else {
            Issue.record("expected a refusal, got \(String(describing: error))")
            return
        }
        #expect(why.contains(fragment))
        #expect(error?.line == line)
        // Minutes without the guard; room for a debug build on a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    /// What real posts hold stays well inside: brackets and links in
    /// plenty, balanced parentheses in addresses, a few stray `)`, and the
    /// same patterns split into paragraphs.
    @Test func ordinaryBracketsAndAddressesPass() throws {
        let links = String(repeating: "See [a](https://en.wikipedia.org/wiki/Swift_(programming_language)) and [b][c], ", count: 5_000)
        let paragraphs = String(repeating: String(repeating: "![[]()", count: 500) + "\n\n", count: 200)
        let stray = String(repeating: "[0, 1) www.example.com/a_(b)) ", count: 5_000)
        for text in [links, paragraphs, stray] {
            #expect(throws: Never.self) { try PostReader.read(bytes: Array(("# T\n\n" + text + "\n\n[c]: /x\n").utf8), path: "p.md") }
        }
    }

    @Test func tableAtTheLimitIsFine() throws {
        let post = try readPost("# T\n\n" + Self.row(1000) + Self.row(1000, "-") + Self.row(1000))
        #expect(post.title == "T")
        #expect(readError("# T\n\n" + Self.row(1001) + Self.row(1001, "-")) != nil)
    }

    @Test func manyNarrowRowsAreFine() throws {
        // More pipes in all than one row may hold, so every line is scanned.
        let table = Self.row(3) + Self.row(3, "-") + String(repeating: Self.row(3), count: 2000)
        #expect(try readPost("# T\n\n" + table).title == "T")
    }

    @Test func pipesInFencedCodeAndEscapedPipesDoNotCount() throws {
        let wide = String(repeating: "|", count: 3000)
        #expect(try readPost("# T\n\n```\n\(wide)\n```\n").title == "T")
        #expect(try readPost("# T\n\n~~~~ text\n\(wide)\n~~~~\n").title == "T")
        #expect(try readPost("# T\n\n" + String(repeating: "\\|", count: 3000) + "\n").title == "T")
        // After the fence closes, counting starts again.
        #expect(readError("# T\n\n```\nx\n```\n\(wide)\n")?.line == 6)
    }

    // MARK: Slugs

    @Test func hostileSlugIsMadeSafeWithAWarning() throws {
        let post = try readPost("---\ntitle: T\nslug: ../../etc/passwd\n---\nB")
        #expect(post.slug == "etc-passwd")
        #expect(post.warnings == ["posts/post.md:3: \"../../etc/passwd\" is not a safe file name inside a target; writing \"etc-passwd\" instead"])
        let climbing = try readPost("---\ntitle: T\npermalink: ../x\n---\nB")
        #expect(climbing.slug == "x")
        #expect(climbing.warnings.count == 1)
        // Refused as a place too: targets place the post by its slug, as
        // the warning says, and need not warn again.
        #expect(climbing.permalink == nil)
        #expect(try readPost("---\ntitle: T\npermalink: /%2E%2e/y/\n---\nB").permalink == nil)
        // A permalink that only needed its last segment cleaned stays.
        #expect(try readPost("---\ntitle: T\npermalink: /blog/Hello World!/\n---\nB").permalink == "/blog/Hello World!/")
        // Beside a slug of its own, a climbing permalink is left to the
        // targets, which refuse it (once) when they would use it.
        #expect(try readPost("---\ntitle: T\nslug: s\npermalink: ../x\n---\nB").permalink == "../x")
    }
}
