import Foundation
import Testing
@testable import QuireConvert

/// The built-in page's `PageProgram` must give exactly Mustache's bytes for
/// the same template and values: on the golden posts, on generated posts
/// with every field present, missing, empty or hostile, on the corpus, and
/// for small templates that exercise each rule of the subset it compiles.
@Suite struct PageProgramTests {
    static func fastAndMustache(_ renderer: PageRenderer, _ post: Post, imageSources: [String: String] = [:],
                                options: ConversionOptions) -> (fast: String, mustache: String) {
        (String(decoding: renderer.renderBytes(post, imageSources: imageSources, options: options), as: UTF8.self),
         renderer.renderThroughMustache(post, imageSources: imageSources, options: options))
    }

    @Test func theBuiltinPageCompiles() {
        #expect(PageProgram.builtin != nil, "without it every page would silently go through Mustache")
    }

    @Test func goldenPostsGiveMustachesBytes() throws {
        var withBase = ConversionOptions()
        withBase.baseURL = "https://example.com/blog/"
        var safe = ConversionOptions()
        safe.safe = true
        let posts: [(Post, ConversionOptions)] = [
            (try PageRendererTests.everythingPost, withBase), (try PageRendererTests.everythingPost, safe),
            (PageRendererTests.post("Just one line.", title: "minimal"), ConversionOptions()),
            (try PageRendererTests.rightToLeftPost, ConversionOptions()),
            (PageRendererTests.hostilePost, withBase),
        ]
        for (post, options) in posts {
            let (fast, mustache) = Self.fastAndMustache(.builtin, post, options: options)
            #expect(fast == mustache, "\(post.title)")
        }
    }

    /// Random posts from pools of awkward values: markup and quotes (with
    /// combining marks), white space only, empty, right-to-left, invalid
    /// language tags, dates with and without a time and out of range,
    /// front matter keys named like the template's values, and a body that
    /// opens with the title (whose heading id goes to the page's `<h1>`).
    @Test func generatedPostsGiveMustachesBytes() throws {
        var generator = SystemRandomNumberGenerator()
        let texts = ["Plain", "", " ", " \n", "  padded  ", "a & b", "<b>x</b>", "\"quoted\" 'single'", "Eve\"\u{301} x=\"",
                     "مرحبا", "שלום", "日本語", "e\u{301}", "\u{A0}nbsp\u{A0}", "\ttab", "{{title}}", "}}{{"]
        let lists: [[String]] = [[], [""], ["one"], ["a & b", "<i>c</i>"], ["  ", "x"], ["עברית", "rtl"], ["{{.}}", "\"q\""]]
        let languages: [String?] = [nil, "en", "en-GB", "ar", "he-IL", "fa", "az-Arab", "ar-Latn", "vi_VN", "x\"y", "", "zh-Hant-TW"]
        let dates: [Date?] = [nil, utc(2016, 12, 25), utc(2020, 2, 29, 13, 5, 9), utc(1, 1, 1), Date(timeIntervalSince1970: -1e15)]
        let permalinks: [String?] = [nil, "", "/a/b/", "a b/ć", "https://other.example/x", "javascript:alert(1)", "//host/x"]
        let frontMatters: [[String: FrontMatterValue]] = [
            [:], ["subtitle": .string("<sub>")], ["title": .string("FM title"), "date": .string("not a date"), "titleId": .string("fm")],
            ["hasByline": .bool(true), "datetime": .string("x"), "author": .string("FM"), "description": .string("FM")],
            ["dir": .string("rtl")], ["dir": .string("ltr")], ["dir": .string("sideways")], ["tags": .array([.string("fm")]), "draft": .bool(true)],
            ["canonical": .string("https://fm.example"), "keywords": .string("fm"), "rtl": .bool(true), "hasTags": .bool(true)],
        ]
        let bodies = ["Body.", "# TITLE\n\nAfter the title.", "# Other\n\nText.", "", "[TOC]\n\n## One\n\n## Two\n", "<div>raw</div>\n\n> quote"]
        for _ in 0..<600 {
            let title = texts.randomElement(using: &generator)!
            let body = bodies.randomElement(using: &generator)!.replacingOccurrences(of: "TITLE", with: title)
            var post = PageRendererTests.post(body, title: title)
            post.slug = ["a", "", "slug-<x>"].randomElement(using: &generator)!
            post.authors = lists.randomElement(using: &generator)!
            post.description = Bool.random(using: &generator) ? texts.randomElement(using: &generator)! : nil
            post.tags = lists.randomElement(using: &generator)!
            post.categories = lists.randomElement(using: &generator)!
            post.language = languages.randomElement(using: &generator)!
            post.date = dates.randomElement(using: &generator)!
            post.lastModified = dates.randomElement(using: &generator)!
            post.permalink = permalinks.randomElement(using: &generator)!
            post.draft = Bool.random(using: &generator)
            post.image = ["", "cover.png", "javascript:x", nil].randomElement(using: &generator)!
            post.layout = [nil, "page", "post"].randomElement(using: &generator)!
            post.tableOfContents = Bool.random(using: &generator)
            post.frontMatter = frontMatters.randomElement(using: &generator)!
            var options = ConversionOptions()
            options.baseURL = [nil, "https://example.com/", "ftp://x"].randomElement(using: &generator)!
            options.defaultLanguage = ["en", "ar", "bad tag"].randomElement(using: &generator)!
            options.safe = Bool.random(using: &generator)
            let (fast, mustache) = Self.fastAndMustache(.builtin, post, imageSources: ["cover.png": "images/cover.png"], options: options)
            #expect(fast == mustache, "title \(title.debugDescription), authors \(post.authors), tags \(post.tags), language \(String(describing: post.language))")
        }
    }

    /// A template folder without `page.mustache` keeps the built-in page,
    /// and with it the program; a folder's own `page.mustache` does not.
    @Test func onlyTheBuiltinPageTakesTheProgram() throws {
        let folder = try TemporaryFolder()
        try folder.write("post.mustache", "post: {{title}}")
        let renderer = try PageRenderer(templateDirectory: folder.path)
        let post = PageRendererTests.post("x", title: "T & U")
        let (fast, mustache) = Self.fastAndMustache(renderer, post, options: ConversionOptions())
        #expect(fast == mustache)
        #expect(fast.hasPrefix("<!DOCTYPE html>"))
        var other = post
        other.layout = "post"
        #expect(String(decoding: renderer.renderBytes(other, options: ConversionOptions()), as: UTF8.self) == "post: T &amp; U")
        try folder.write("page.mustache", "mine: {{title}}")
        #expect(String(decoding: try PageRenderer(templateDirectory: folder.path).renderBytes(post, options: ConversionOptions()),
                       as: UTF8.self) == "mine: T &amp; U")
    }

    /// Each rule of the subset against Mustache itself: standalone lines
    /// (indented, CR LF, first and last line, without a final newline),
    /// inline sections, inverted sections, nesting, `.` in sections over a
    /// text and over a list, comments, white space inside tags, `{{&x}}`,
    /// flags as variables.
    @Test func eachRuleOfTheSubsetMatchesMustache() throws {
        let templates = [
            "{{#title}}\nT={{title}}\n{{/title}}\n",
            "  {{#author}}  \n  by {{author}}\n  {{/author}}\nend",
            "a\r\n{{#hasTags}}\r\n{{#tags}}\r\n<li>{{.}}</li>\r\n{{/tags}}\r\n{{/hasTags}}\r\nb",
            "x {{#draft}}D{{/draft}} {{^draft}}not draft{{/draft}} y\n",
            "{{^description}}\nno description\n{{/description}}\n{{#description}}[{{.}}]{{/description}}",
            "{{#tags}}{{#rtl}}R{{/rtl}}{{.}}{{#author}}<{{.}}>{{/author}}|{{/tags}}",
            "{{^tags}}\nnone\n{{/tags}}",
            "{{! a comment }}\n{{!inline}}x{{ title }}{{&body}}{{{ stylesheet }}}",
            "{{rtl}} {{draft}} {{hasTags}} {{hasByline}} {{dir}} {{lang}} {{slug}}",
            "{{#date}}{{date}}/{{datetime}}/{{.}}{{/date}}{{^date}}undated{{/date}}",
            "{{#titleId}}id={{.}}{{/titleId}}\n{{#canonical}}\n{{canonical}}\n{{/canonical}}",
            "last line {{#keywords}}k={{keywords}}{{/keywords}}\n{{#hasByline}}\n  {{/hasByline}}",
            "{{#hasByline}}",
        ]
        let posts = [
            PageRendererTests.post("# A & B\n\ntext", title: "A & B") {
                $0.tags = ["t1", "<t2>"]; $0.authors = ["Ann", "Bo\"b"]; $0.date = utc(2020, 1, 2, 3, 4, 5)
                $0.description = "d"; $0.permalink = "/p/"; $0.draft = true; $0.language = "ar"
            },
            PageRendererTests.post("plain", title: "  ") { $0.description = "  " },
        ]
        var options = ConversionOptions()
        options.baseURL = "https://example.com"
        for template in templates {
            let folder = try TemporaryFolder()
            try folder.write("page.mustache", template)
            let renderer = try? PageRenderer(templateDirectory: folder.path)
            let program = PageProgram(template: template)
            guard let renderer else {
                #expect(program == nil, "Mustache refuses \(template.debugDescription)")
                continue
            }
            let compiled = try #require(program, "\(template.debugDescription)")
            for post in posts {
                let values = PageRenderer.pageValues(for: post, imageSources: [:], options: options)
                #expect(String(decoding: compiled.render(values), as: UTF8.self)
                        == renderer.renderThroughMustache(post, options: options), "\(template.debugDescription)")
            }
        }
    }

    /// What the program does not cover is refused, so such a template would
    /// go through Mustache rather than come out wrong.
    @Test func whatTheSubsetLacksIsRefused() {
        for template in ["{{> partial}}", "{{page.subtitle}}", "{{subtitle}}", "{{tags}}", "{{.}}", "{{#rtl}}{{.}}{{/rtl}}",
                         "{{^tags}}{{.}}{{/tags}}", "{{=<% %>=}}", "{{%CONTENT_TYPE:TEXT}}", "{{#title}}x", "x{{/title}}",
                         "{{#title}}{{/author}}", "{{$block}}{{/block}}", "{{title", "{{}}", "{{#.}}x{{/.}}", "{{uppercased(title)}}"] {
            #expect(PageProgram(template: template) == nil, "\(template.debugDescription)")
        }
    }

    /// The corpus's posts, read as the converter reads them.
    @Test(.enabled(if: CorpusTests.corpusIsPresent, "needs ../shared/corpus/nodejs-blog"))
    func corpusPostsGiveMustachesBytes() throws {
        let files = PackageRoot.markdownFiles(in: CorpusTests.corpus)
        #expect(files.count > 1000)
        var rightToLeft = ConversionOptions()
        rightToLeft.defaultLanguage = "ar"
        rightToLeft.baseURL = "https://nodejs.org/"
        var differ: [String] = []
        for file in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            guard let post = try? PostReader.read(bytes: bytes, path: file) else { continue }
            for options in [ConversionOptions(), rightToLeft] {
                let (fast, mustache) = Self.fastAndMustache(.builtin, post, options: options)
                if fast != mustache { differ.append(file) }
            }
        }
        #expect(differ.isEmpty, "\(differ.count) pages differ: \(differ.prefix(5))")
    }
}
