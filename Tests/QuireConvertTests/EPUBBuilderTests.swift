import Foundation
import Testing
import QuireTestSupport
@testable import QuireConvert

/// Books built from `Post` values: their metadata, their determinism, and
/// EPUBCheck's verdict on all of them (one JVM for the lot).
@Suite(.serialized) struct EPUBBuilderTests {
    static let png: [UInt8] = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!)
    static let gif: [UInt8] = Array(Data(base64Encoded: "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")!)

    /// A folder with pictures, and posts that point at them.
    static let folder: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-epub-unit-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: dir + "/img", withIntermediateDirectories: true)
        try! FileManager.default.createDirectory(atPath: dir + "/assets", withIntermediateDirectories: true)
        try! Data(png).write(to: URL(fileURLWithPath: dir + "/img/cover.png"))
        try! Data(gif).write(to: URL(fileURLWithPath: dir + "/assets/dot.gif"))
        try! Data("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"><circle r=\"1\" cx=\"1\" cy=\"1\"/></svg>".utf8)
            .write(to: URL(fileURLWithPath: dir + "/img/round.svg"))
        return dir
    }()

    static func post(_ markdown: String, title: String = "A post", file: String = "post.md", date: String? = "2024-03-01T10:00:00Z",
                     lastModified: String? = nil, language: String? = nil, image: String? = nil,
                     authors: [String] = ["Ann Writer"], tags: [String] = ["swift", "books"],
                     permalink: String? = "/blog/a-post/") -> Post {
        let iso = ISO8601DateFormatter()
        return Post(path: folder + "/" + file, title: title, date: date.flatMap(iso.date(from:)),
                    lastModified: lastModified.flatMap(iso.date(from:)), authors: authors,
                    description: "What it is about & why.", tags: tags, language: language, permalink: permalink,
                    slug: (file as NSString).deletingPathExtension, image: image,
                    document: MarkdownParser.parse(markdown))
    }

    static func builder(environment: [String: String] = [:]) -> EPUBBuilder {
        var options = ConversionOptions()
        options.assetRoots = [folder]
        options.baseURL = "https://blog.example"
        return EPUBBuilder(options: options, environment: environment)
    }

    static func entries(_ book: [UInt8]) throws -> [String: String] {
        let path = folder + "/read-\(UUID().uuidString).epub"
        try Data(book).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import zipfile, sys, json
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({i.filename: z.read(i.filename).decode('utf-8', 'replace') for i in z.infolist()}))
            """
        let out = try EPUBCheckRunner.run(["python3", "-c", script, path])
        return try JSONDecoder().decode([String: String].self, from: Data(out.stdout.utf8))
    }

    static let body = """
        # A post

        Intro with a [link to the outro](#outro), a [broken one](#nowhere), [elsewhere](../other/) and
        ![the cover](img/cover.png) twice: ![again](./img/cover.png), a site image ![dot](/assets/dot.gif),
        a vector ![round](img/round.svg), a missing ![gone](img/gone.png) and a remote ![far](https://example.com/far.png).

        <toc>

        ## Outro

        ### Deeper

        Done.
        """

    @Test func packageDocumentHoldsTheMetadata() throws {
        let book = try Self.builder().build(Self.post(Self.body, language: "en_GB", image: "img/cover.png"))
        let files = try Self.entries(book.bytes)
        let opf = try #require(files["EPUB/content.opf"])
        let id = "urn:uuid:" + NameBasedUUID.make(name: "https://blog.example/blog/a-post/")
        #expect(opf.contains("<dc:identifier id=\"book-id\">\(id)</dc:identifier>"))
        #expect(opf.contains("<dc:title>A post</dc:title>"))
        #expect(opf.contains("<dc:language>en-GB</dc:language>"))
        #expect(opf.contains("<dc:creator id=\"creator-1\">Ann Writer</dc:creator>"))
        #expect(opf.contains("<dc:date>2024-03-01T10:00:00Z</dc:date>"))
        #expect(opf.contains("<dc:description>What it is about &amp; why.</dc:description>"))
        #expect(opf.contains("<dc:subject>swift</dc:subject>") && opf.contains("<dc:subject>books</dc:subject>"))
        #expect(opf.components(separatedBy: "dcterms:modified").count == 2)
        #expect(opf.contains("<meta property=\"dcterms:modified\">2024-03-01T10:00:00Z</meta>"))
        #expect(opf.contains("properties=\"cover-image\""))
        // Each picture once, by content: cover.png referenced three ways.
        #expect(files.keys.filter { $0.hasPrefix("EPUB/images/") }.sorted()
                == ["EPUB/images/img-001.png", "EPUB/images/img-002.gif", "EPUB/images/img-003.svg"])
        #expect(files["EPUB/cover.xhtml"] != nil)
        let chapter = try #require(files["EPUB/chapter-001.xhtml"])
        #expect(chapter.contains("<a href=\"#outro\">link to the outro</a>"))
        #expect(chapter.contains("broken one") && !chapter.contains("#nowhere"))
        #expect(chapter.contains("<a href=\"https://blog.example/blog/other/\">elsewhere</a>"))
        #expect(chapter.contains("<span class=\"image-missing\">gone</span>"))
        #expect(chapter.contains("<a href=\"https://example.com/far.png\" class=\"image-link\">far</a>"))
        #expect(chapter.contains("<nav class=\"toc\""), "the <toc> placeholder becomes the table of contents")
        let nav = try #require(files["EPUB/nav.xhtml"])
        #expect(nav.contains("<a href=\"chapter-001.xhtml#outro\">Outro</a>"))
        #expect(nav.contains("<a href=\"chapter-001.xhtml#deeper\">Deeper</a>"))
        #expect(files["EPUB/toc.ncx"]?.contains("<meta name=\"dtb:uid\" content=\"\(id)\"/>") == true)
        #expect(book.warnings.contains { $0.contains("img/gone.png") && $0.contains("not found") })
        #expect(book.warnings.contains { $0.contains("https://example.com/far.png") })
        #expect(book.warnings.contains { $0.contains("#nowhere") })
        #expect(book.images.map(\.reference).sorted() == ["/assets/dot.gif", "img/cover.png", "img/round.svg"])
    }

    @Test func modifiedDateComesFromThePostNeverTheClock() throws {
        let withLastmod = try Self.entries(Self.builder().build(Self.post("x", lastModified: "2025-01-02T03:04:05Z")).bytes)
        #expect(withLastmod["EPUB/content.opf"]!.contains("<meta property=\"dcterms:modified\">2025-01-02T03:04:05Z</meta>"))
        // No date in the post: SOURCE_DATE_EPOCH, else a fixed date; the
        // file's time only when PostReader was given it (then it is
        // `lastModified`).
        let undated = Self.post("x", file: "undated.md", date: nil)
        try Data("x".utf8).write(to: URL(fileURLWithPath: undated.path))
        let epoch = try Self.entries(Self.builder(environment: ["SOURCE_DATE_EPOCH": "86400"]).build(undated).bytes)
        #expect(epoch["EPUB/content.opf"]!.contains("<meta property=\"dcterms:modified\">1970-01-02T00:00:00Z</meta>"))
        let fallback = try Self.entries(Self.builder().build(undated).bytes)
        #expect(fallback["EPUB/content.opf"]!.contains("<meta property=\"dcterms:modified\">2000-01-01T00:00:00Z</meta>"))
        let read = try PostReader.read(bytes: Array("x".utf8), path: undated.path,
                                       modificationDate: Date(timeIntervalSince1970: 1_700_000_000))
        let withFileTime = try Self.entries(Self.builder().build(read).bytes)
        #expect(withFileTime["EPUB/content.opf"]!.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let post = Self.post(Self.body, image: "img/cover.png")
        let a = try Self.builder().build(post).bytes
        let b = try Self.builder().build(post).bytes
        #expect(a == b)
        #expect(Array(a[30..<38]) == Array("mimetype".utf8), "mimetype is the first entry")
    }

    @Test func languageFallsBackToAValidTag() throws {
        let bad = try Self.entries(Self.builder().build(Self.post("x", language: "not a language!")).bytes)
        #expect(bad["EPUB/content.opf"]!.contains("<dc:language>en</dc:language>"))
    }

    static let arabic = """
        # مرحبا

        نص **عربي** مع [رابط](#خاتمة).

        > اقتباس.

        ```swift
        print("مرحبا")
        ```

        ## خاتمة

        النهاية.
        """

    /// Every XHTML file's `<html>` start tag, by file name.
    static func htmlTags(_ files: [String: String]) -> [String: String] {
        var tags: [String: String] = [:]
        for (name, text) in files where name.hasSuffix(".xhtml") {
            guard let start = text.range(of: "<html "), let end = text[start.upperBound...].firstIndex(of: ">") else { continue }
            tags[name] = String(text[start.lowerBound...end])
        }
        return tags
    }

    static func rightToLeftBook() throws -> EPUBBuilder.Book {
        try builder().build(post(arabic, title: "مرحبا", language: "ar", image: "img/cover.png", authors: ["سارة"]))
    }

    /// An Arabic post first (so the book is right to left), then an English
    /// one and a Hebrew one.
    static func mixedBundle() throws -> EPUBBuilder.Book {
        let arabic = post(arabic, title: "مرحبا", file: "ar.md", date: "2024-01-01T00:00:00Z", language: "ar-EG",
                          permalink: "/ar/")
        let english = post("# Hello\n\nBack to [the Arabic one](ar.md).\n\n> A quote.", title: "Hello", file: "en.md",
                           date: "2024-02-01T00:00:00Z", language: "en", permalink: "/en/")
        let hebrew = post("# שלום\n\nטקסט.", title: "שלום", file: "he.md", date: "2024-03-01T00:00:00Z",
                          language: "he", permalink: "/he/")
        return try builder().build([hebrew, english, arabic], title: "مجموعة")
    }

    @Test func rightToLeftBookTurnsEveryPage() throws {
        let files = try Self.entries(Self.rightToLeftBook().bytes)
        let opf = try #require(files["EPUB/content.opf"])
        #expect(opf.contains("<spine toc=\"ncx\" page-progression-direction=\"rtl\">"))
        #expect(opf.contains("xml:lang=\"ar\" dir=\"rtl\">"))
        let tags = Self.htmlTags(files)
        #expect(Set(tags.keys) == ["EPUB/cover.xhtml", "EPUB/title.xhtml", "EPUB/nav.xhtml", "EPUB/chapter-001.xhtml"])
        for (name, tag) in tags {
            #expect(tag.hasSuffix("lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">"), "\(name): \(tag)")
        }
        #expect(files["EPUB/style.css"]!.hasSuffix(BookPage.stylesheet + BookPage.rightToLeftStylesheet))
        #expect(files["EPUB/chapter-001.xhtml"]!.contains("<pre dir=\"ltr\"><code class=\"language-swift\">"), "code reads left to right")
        // Front matter `dir: ltr` keeps an Arabic book left to right.
        var leftToRight = Self.post(Self.arabic, title: "مرحبا", language: "ar")
        leftToRight.frontMatter = ["dir": .string("ltr")]
        let ltrFiles = try Self.entries(Self.builder().build(leftToRight).bytes)
        #expect(ltrFiles["EPUB/content.opf"]!.contains("<spine toc=\"ncx\">"))
        #expect(ltrFiles.values.allSatisfy { !$0.contains("dir=") })
    }

    @Test func mixedBundleFollowsItsFirstPostAndEachChapterKeepsItsOwn() throws {
        let files = try Self.entries(Self.mixedBundle().bytes)
        #expect(files["EPUB/content.opf"]!.contains("<dc:language>ar-EG</dc:language>"))
        #expect(files["EPUB/content.opf"]!.contains("page-progression-direction=\"rtl\""))
        let tags = Self.htmlTags(files)
        #expect(tags["EPUB/chapter-001.xhtml"]!.hasSuffix("lang=\"ar-EG\" xml:lang=\"ar-EG\" dir=\"rtl\">"))
        #expect(tags["EPUB/chapter-002.xhtml"]!.hasSuffix("lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"))
        #expect(tags["EPUB/chapter-003.xhtml"]!.hasSuffix("lang=\"he\" xml:lang=\"he\" dir=\"rtl\">"))
        #expect(tags["EPUB/nav.xhtml"]!.hasSuffix("dir=\"rtl\">") && tags["EPUB/title.xhtml"]!.hasSuffix("dir=\"rtl\">"))
        // The English chapter's entry reads its own way in the contents.
        let nav = try #require(files["EPUB/nav.xhtml"])
        #expect(nav.contains("<li lang=\"en\" xml:lang=\"en\" dir=\"ltr\"><a href=\"chapter-002.xhtml\">Hello</a>"))
        #expect(nav.contains("<li><a href=\"chapter-003.xhtml\">שלום</a>"))
        #expect(files["EPUB/chapter-002.xhtml"]!.contains("<a href=\"chapter-001.xhtml\">the Arabic one</a>"))

        // An English book with a Hebrew chapter: left to right, the Hebrew
        // chapter turned on its own.
        let english = Self.post("Hi", title: "Hi", file: "en.md", date: "2024-01-01T00:00:00Z", language: "en", permalink: "/en/")
        let hebrew = Self.post("שלום", title: "שלום", file: "he.md", date: "2024-02-01T00:00:00Z", language: "he", permalink: "/he/")
        let ltrBook = try Self.entries(Self.builder().build([english, hebrew], title: "Both").bytes)
        #expect(ltrBook["EPUB/content.opf"]!.contains("<spine toc=\"ncx\">"))
        let ltrTags = Self.htmlTags(ltrBook)
        #expect(!ltrTags["EPUB/chapter-001.xhtml"]!.contains("dir=") && !ltrTags["EPUB/nav.xhtml"]!.contains("dir="))
        #expect(ltrTags["EPUB/chapter-002.xhtml"]!.hasSuffix("dir=\"rtl\">"))
        #expect(ltrBook["EPUB/nav.xhtml"]!.contains("<li lang=\"he\" xml:lang=\"he\" dir=\"rtl\">"))
        #expect(ltrBook["EPUB/style.css"]!.hasSuffix(BookPage.rightToLeftStylesheet))
    }

    /// A left-to-right book says nothing about direction, as before.
    @Test func leftToRightBookHasNoDirection() throws {
        let files = try Self.entries(Self.builder().build(Self.post(Self.body, language: "en_GB", image: "img/cover.png")).bytes)
        #expect(files.values.allSatisfy { !$0.contains("dir=") && !$0.contains("page-progression-direction") })
        #expect(files["EPUB/style.css"] == BookPage.stylesheet)
    }

    @Test func everyBookPassesEPUBCheck() throws {
        var books: [String] = []
        func keep(_ name: String, _ book: EPUBBuilder.Book) throws {
            let path = Self.folder + "/" + name + ".epub"
            try Data(book.bytes).write(to: URL(fileURLWithPath: path))
            books.append(path)
        }
        try keep("full", Self.builder().build(Self.post(Self.body, language: "en_GB", image: "img/cover.png")))
        try keep("svg-cover", Self.builder().build(Self.post("Hi", image: "img/round.svg")))
        try keep("bare", Self.builder().build(Self.post("", title: "", date: nil, language: "??", authors: [], tags: [], permalink: nil)))
        try keep("markup-metadata", Self.builder().build(Self.post("x", title: "<b>Bold</b> & \u{1}title",
                                                                    authors: ["<i>Me</i>", "\u{7}", "Me"], tags: ["<t>", ""])))
        let second = Self.post("# Second\n\nBack to [the first](post.md#outro) and [its address](https://blog.example/blog/a-post/).",
                               title: "Second", file: "second.md", date: "2024-05-01T00:00:00Z", permalink: "/blog/second/")
        let first = Self.post(Self.body + "\n\nOn to [the second](/blog/second/#second).")
        let bundle = try Self.builder().build([second, first], title: "Both")
        let files = try Self.entries(bundle.bytes)
        #expect(files["EPUB/chapter-001.xhtml"]!.contains("<h1 id=\"a-post\">A post</h1>"), "ordered by date")
        #expect(files["EPUB/chapter-001.xhtml"]!.contains("<a href=\"chapter-002.xhtml#second\">the second</a>"))
        #expect(files["EPUB/chapter-002.xhtml"]!.contains("<a href=\"chapter-001.xhtml#outro\">the first</a>"))
        #expect(files["EPUB/chapter-002.xhtml"]!.contains("<a href=\"chapter-001.xhtml\">its address</a>"))
        try keep("bundle", bundle)
        try keep("right-to-left", Self.rightToLeftBook())
        // A note referenced inside a link's words: the reference's link is
        // dropped (no link in a link), and its id, which the note's way
        // back names, must stay. Written without a tree, as a tree (right
        // to left), and in a book of two.
        let noteInLink = "[see[^1]](https://example.com/) and [more[^2]](#missing)\n\n[^1]: One.\n\n[^2]: Two."
        try keep("note-in-link", Self.builder().build(Self.post(noteInLink)))
        try keep("note-in-link-rtl", Self.builder().build(Self.post(noteInLink, language: "ar")))
        // Brackets, which a URL allows only around an IPv6 host, in a path,
        // a query and a fragment (an autolink can run into Markdown).
        try keep("brackets", Self.builder().build(Self.post(
            "https://example.com/auto[**](https://example.com/x) [q](https://example.com/q?a[]=1#f[2]) [r](other/[x].md)")))
        try keep("note-in-link-bundle", Self.builder().build([Self.post(noteInLink), Self.post("x", title: "B", file: "b.md")], title: "Two"))
        try keep("mixed-directions", Self.mixedBundle())
        let results = try EPUBCheckRunner.check(books)
        for book in books {
            let result = try #require(results[book])
            #expect(result.clean, "\(book): \(result.messages.joined(separator: "\n"))")
        }
    }
}
