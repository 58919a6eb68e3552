import Foundation
import Testing
@testable import QuireConvert

@Suite struct PageRendererTests {
    static func post(_ markdown: String, title: String = "A title", configure: (inout Post) -> Void = { _ in }) -> Post {
        var post = Post(path: "posts/a.md", title: title, slug: "a", document: MarkdownParser.parse(markdown))
        configure(&post)
        return post
    }

    static var everythingPost: Post {
        get throws {
            var post = post(try GoldenFile.text("Everything.md"), title: "Everything, once")
            post.date = ISO8601DateFormatter().date(from: "2016-12-25T00:00:00Z")
            post.authors = ["Ada Example", "Bùi Thị Thu"]
            post.description = "Every construct once, for the golden test."
            post.tags = ["markdown", "tests"]
            post.categories = ["fixtures"]
            post.language = "en-GB"
            post.permalink = "/fixtures/everything/"
            return post
        }
    }

    @Test func everythingMatchesTheGoldenPage() throws {
        var options = ConversionOptions()
        options.baseURL = "https://example.com/blog/"
        let page = PageRenderer.builtin.render(try Self.everythingPost,
                                               imageSources: ["images/pixel.png": "images/pixel.png"], options: options)
        try GoldenFile.check(page, "Everything.html")
    }

    @Test func safeModeMatchesTheGoldenPage() throws {
        var options = ConversionOptions()
        options.safe = true
        let page = PageRenderer.builtin.render(try Self.everythingPost, options: options)
        try GoldenFile.check(page, "EverythingSafe.html")
        #expect(!page.contains("<div class=\"note\">"))
        #expect(!page.contains("<abbr"))
    }

    @Test func minimalPostMatchesTheGoldenPage() throws {
        let page = PageRenderer.builtin.render(Self.post("Just one line.", title: "minimal"), options: ConversionOptions())
        try GoldenFile.check(page, "Minimal.html")
    }

    static var rightToLeftPost: Post {
        get throws {
            var post = post(try GoldenFile.text("RightToLeft.md"), title: "مرحبا بالعالم")
            post.date = ISO8601DateFormatter().date(from: "2024-03-01T00:00:00Z")
            post.authors = ["سارة"]
            post.tags = ["عربي", "rtl"]
            post.language = "ar-EG"
            return post
        }
    }

    /// `dir="rtl"` on `<html>` and the mirrored rules; the Nu checker
    /// validates the golden page with the others.
    @Test func rightToLeftPostMatchesTheGoldenPage() throws {
        let page = PageRenderer.builtin.render(try Self.rightToLeftPost, options: ConversionOptions())
        try GoldenFile.check(page, "RightToLeft.html")
        #expect(page.contains("<html lang=\"ar-EG\" dir=\"rtl\">"))
        #expect(page.contains(BuiltinPage.rightToLeftStylesheet))
    }

    @Test func directionFollowsFrontMatterThenLanguage() throws {
        func html(_ configure: (inout Post) -> Void, options: ConversionOptions = ConversionOptions()) -> String {
            PageRenderer.builtin.render(Self.post("x", configure: configure), options: options)
        }
        #expect(html { $0.language = "he" }.contains("<html lang=\"he\" dir=\"rtl\">"))
        #expect(html { $0.language = "ar"; $0.frontMatter = ["dir": .string("ltr")] }.contains("<html lang=\"ar\">"))
        #expect(html { $0.language = "en"; $0.frontMatter = ["dir": .string("rtl")] }.contains("<html lang=\"en\" dir=\"rtl\">"))
        #expect(html { $0.language = "ar"; $0.frontMatter = ["dir": .string("up")] }.contains("<html lang=\"ar\">"))
        var persian = ConversionOptions()
        persian.defaultLanguage = "fa"
        #expect(html({ _ in }, options: persian).contains("<html lang=\"fa\" dir=\"rtl\">"), "the default language counts too")
        let english = html { $0.language = "en" }
        #expect(english.contains("<html lang=\"en\">") && !english.contains("[dir=\"rtl\"]"))
    }

    @Test func templatesSeeDirAndRTL() throws {
        let folder = try TemporaryFolder()
        let renderer = try PageRenderer(templateDirectory: try folder.write(
            "page.mustache", "<html lang=\"{{lang}}\" dir=\"{{dir}}\">{{#rtl}}R{{/rtl}}{{^rtl}}L{{/rtl}} {{page.dir}}</html>"))
        #expect(renderer.render(Self.post("x") { $0.language = "ur" }, options: ConversionOptions())
                == "<html lang=\"ur\" dir=\"rtl\">R </html>")
        #expect(renderer.render(Self.post("x") { $0.language = "ur"; $0.frontMatter = ["dir": .string("LTR")] },
                                options: ConversionOptions()) == "<html lang=\"ur\" dir=\"ltr\">L LTR</html>")
    }

    /// Every field a writer controls, holding markup or an attribute
    /// breakout; the golden file shows exactly how each lands.
    static var hostilePost: Post {
        post("Body.", title: "</title><script>alert(1)</script>") {
            $0.description = "\" onload=\"alert(1)"
            // A quote followed by a combining accent is one Character: an
            // escaper that compares Characters lets it through.
            $0.authors = ["Eve\"\u{301} onmouseover=alert(2) x=\"", "<b>Mallory</b>"]
            $0.tags = ["<script>alert(3)</script>", "a&b"]
            $0.language = "en\" onload=\"alert(4)"
            $0.permalink = "javascript:alert(5)"
            $0.image = "javascript:alert(6)"
            $0.frontMatter = ["subtitle": .string("<img src=x onerror=alert(7)>")]
        }
    }

    @Test func hostileMetadataComesOutInert() throws {
        var options = ConversionOptions()
        options.baseURL = "https://example.com"
        let page = PageRenderer.builtin.render(Self.hostilePost, options: options)
        try GoldenFile.check(page, "Hostile.html")
        #expect(page.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<b>"))
        #expect(page.contains("content=\"&quot; onload=&quot;alert(1)\""))
        #expect(page.contains("Eve&quot;\u{301} onmouseover"))
        #expect(page.contains("<html lang=\"en\">"), "an invalid language tag falls back to the default")
        #expect(!page.contains("canonical"), "a javascript: permalink gives no canonical link")
    }

    @Test func userTemplateEscapesCombiningQuotesToo() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.mustache", "<p title=\"{{title}}\">{{subtitle}}|{{page.subtitle}}|{{{body}}}</p>")
        let page = try PageRenderer(templateDirectory: folder.path).render(Self.hostilePost, options: ConversionOptions())
        #expect(page == "<p title=\"&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
            + "&lt;img src=x onerror=alert(7)&gt;|&lt;img src=x onerror=alert(7)&gt;|<p>Body.</p></p>")
        let author = try PageRenderer(templateDirectory: try folder.write("page.mustache", "<a title=\"{{author}}\">"))
            .render(Self.hostilePost, options: ConversionOptions())
        #expect(author.hasPrefix("<a title=\"Eve&quot;\u{301} onmouseover=alert(2) x=&quot;, &lt;b&gt;Mallory"))
    }

    @Test func layoutPicksTheTemplateOfThatName() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.mustache", "page: {{title}}")
        try folder.write("post.mustache", "post: {{title}} {{> byline}}")
        try folder.write("byline.mustache", "by {{author}}")
        let renderer = try PageRenderer(templateDirectory: folder.path)
        let options = ConversionOptions()
        #expect(renderer.render(Self.post("x", title: "T"), options: options) == "page: T")
        #expect(renderer.render(Self.post("x", title: "T") { $0.layout = "post"; $0.authors = ["Ann"] }, options: options) == "post: T by Ann")
        #expect(renderer.render(Self.post("x", title: "T") { $0.layout = "gallery" }, options: options) == "page: T",
                "a layout without a template falls back to page.mustache")
        #expect(renderer.render(Self.post("x", title: "T") { $0.layout = "../\(folder.url.lastPathComponent)/page" }, options: options) == "page: T",
                "a layout is a name, never a path")
    }

    @Test func standaloneTagsOnTheFirstLineLeaveNoBlankLine() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.mustache", "{{#title}}\nT={{title}}\n{{/title}}\n")
        #expect(try PageRenderer(templateDirectory: folder.path).render(Self.post("x", title: "Hi"), options: ConversionOptions()) == "T=Hi\n")
    }

    @Test func folderWithoutPageTemplateKeepsTheBuiltinPage() throws {
        let folder = try TemporaryFolder()
        try folder.write("post.mustache", "post: {{title}}")
        let renderer = try PageRenderer(templateDirectory: folder.path)
        #expect(renderer.render(Self.post("x", title: "T"), options: ConversionOptions()).hasPrefix("<!DOCTYPE html>"))
        #expect(renderer.render(Self.post("x", title: "T") { $0.layout = "post" }, options: ConversionOptions()) == "post: T")
    }

    @Test func brokenTemplateIsOneLineNamingFileAndLine() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.mustache", "<html>\n<body>\n{{#tags}}\n</body>\n")
        #expect(throws: TemplateError.self) { try PageRenderer(templateDirectory: folder.path) }
        do {
            _ = try PageRenderer(templateDirectory: folder.path)
        } catch {
            #expect(error.path.hasSuffix("/page.mustache"))
            #expect(error.line == 5, "the end of the file, where the section should have closed")
            #expect(!error.description.contains("\n"))
        }
        var options = ConversionOptions()
        options.templateDirectory = folder.path
        let converter = Converter(options: options)
        #expect(converter.templateError != nil)
        #expect(throws: ConversionError.self) { try converter.convert(bytes: Array("# Hi\n".utf8), path: "a.md") }
    }

    @Test func missingTemplateFolderIsAnError() {
        #expect(throws: TemplateError(path: "/nonexistent/quire-templates", message: "no such template folder")) {
            try PageRenderer(templateDirectory: "/nonexistent/quire-templates")
        }
    }

    @Test func converterReloadsTemplatesOnlyWhenTheFolderChanges() throws {
        let folder = try TemporaryFolder()
        try folder.write("page.mustache", "custom {{title}}")
        var converter = Converter()
        let markdown = Array("# Hello\n".utf8)
        #expect(String(decoding: try converter.convert(bytes: markdown, path: "a.md").outputs[.html]!, as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
        converter.options.templateDirectory = folder.path
        #expect(String(decoding: try converter.convert(bytes: markdown, path: "a.md").outputs[.html]!, as: UTF8.self) == "custom Hello")
    }

    @Test func canonicalNeedsPermalinkAndBaseURL() {
        #expect(PageRenderer.canonicalURL(permalink: "ml/a-post", baseURL: "https://example.com/") == "https://example.com/ml/a-post")
        #expect(PageRenderer.canonicalURL(permalink: "/a b/ć", baseURL: "https://example.com") == "https://example.com/a%20b/%C4%87")
        #expect(PageRenderer.canonicalURL(permalink: "/a", baseURL: nil) == nil)
        #expect(PageRenderer.canonicalURL(permalink: nil, baseURL: "https://example.com") == nil)
        #expect(PageRenderer.canonicalURL(permalink: "https://other.example/x", baseURL: nil) == "https://other.example/x")
        #expect(PageRenderer.canonicalURL(permalink: "/a", baseURL: "javascript:alert(1)//") == nil)
        #expect(PageRenderer.canonicalURL(permalink: "/a\"><script>", baseURL: "https://e.com") == "https://e.com/a%22%3E%3Cscript%3E")
    }

    @Test func languageFallsBackToTheDefault() {
        #expect(PageRenderer.languageTag("vi") == "vi")
        #expect(PageRenderer.languageTag("pt_BR") == "pt-BR")
        #expect(PageRenderer.languageTag("zh-Hant-TW") == "zh-Hant-TW")
        #expect(PageRenderer.languageTag("english please") == nil)
        var options = ConversionOptions()
        options.defaultLanguage = "fr"
        let page = PageRenderer.builtin.render(Self.post("x"), options: options)
        #expect(page.contains("<html lang=\"fr\">"))
    }

    @Test func datesShowTheDayAndKeepTheInstant() {
        let formatter = ISO8601DateFormatter()
        #expect(PageRenderer.timeValues(formatter.date(from: "2016-12-25T00:00:00Z")!)! == ("2016-12-25", "2016-12-25"))
        #expect(PageRenderer.timeValues(formatter.date(from: "2025-01-29T12:45:32Z")!)! == ("2025-01-29", "2025-01-29T12:45:32Z"))
    }

    @Test func titleIsNotShownTwice() {
        let page = PageRenderer.builtin.render(Self.post("# A title\n\nText.", title: "A title"), options: ConversionOptions())
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(page.contains("<h1 id=\"a-title\">A title</h1>"), "the page's title keeps the heading's id")
        let other = PageRenderer.builtin.render(Self.post("# Another heading\n\nText.", title: "A title"), options: ConversionOptions())
        #expect(other.contains("<h1>A title</h1>") && other.contains("<h1 id=\"another-heading\">"))
    }
}

@Suite struct HTMLParseCheckTests {
    /// The corpus test's check must be able to fail.
    @Test func findsBrokenMarkup() {
        #expect(HTMLParseCheck.problems(in: "<!DOCTYPE html><html><body><main><p>ok</p></main></body></html>").isEmpty)
        #expect(!HTMLParseCheck.problems(in: "<!DOCTYPE html><html><body><div><p>x</span></div></body></html>").isEmpty)
        #expect(!HTMLParseCheck.problems(in: "<!DOCTYPE html><html><body><p a=\"1\" a=\"2\">x</p></body></html>").isEmpty)
    }
}
