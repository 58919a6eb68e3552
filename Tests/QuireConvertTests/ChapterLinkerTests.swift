import Foundation
import Testing
@testable import QuireConvert

/// The linker's fast forms against their general ones: plain web
/// addresses decided over their bytes, and chapters linked while they are
/// written instead of linked as a tree and then written.
@Suite struct ChapterLinkerTests {
    /// Every address the byte check accepts comes back from the general
    /// path as it was written, without a warning.
    @Test func plainWebAddressesEqualTheGeneralPath() throws {
        let post = try readPost("x")
        var generator = SeededGenerator(seed: 7)
        let starts = ["https://", "http://", "HTTPS://", "https:/", "https:", "http://:80", "ftp://", "mailto:", "//", "#", "",
                      "https://user@", "https://a.b:", "httpx://", " https://"]
        let pieces = ["example.com", "github.com", "a", "-", ".", "..", "_", "/", "?", "#", "%20", "%2", "%zz", "%", ":", ":8080",
                      ":99999", "@", " ", "\t", "\"", "<", "`", "{", "|", "~", "é", "日本", "\u{1}", "\u{7F}", "\u{85}",
                      String(repeating: "x", count: 64), "pull/123", "commit/4a7233c178", "&", "'", "=", "+", "!", "*", "[", "]"]
        // Half the addresses from pieces of plain ones, so many pass the check.
        let plain = ["example.com", "github.com", "a", "-", ".", "/", "?", "#", "%20", ":8080", "@", "pull/123", "=", "~", "_"]
        var accepted = 0
        for round in 0..<20_000 {
            let alphabet = round.isMultiple(of: 2) ? pieces : plain
            let raw = (round.isMultiple(of: 2) ? starts.randomElement(using: &generator)! : ["https://", "http://"].randomElement(using: &generator)!)
                + (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            var linker = ChapterLinker()
            let general = linker.resolveLinkGenerally(raw, file: "chapter-001.xhtml", post: post)
            guard let fast = ChapterLinker.plainWebURL(raw) else { continue }
            accepted += 1
            #expect(fast == general, "\(raw.debugDescription)")
            #expect(linker.warnings.isEmpty, "\(raw.debugDescription)")
        }
        #expect(accepted > 2000)
        for raw in ["https://github.com/nodejs/node/pull/28892", "http://example.com:8080/a?b=c#d", "https://x.y/%41"] {
            #expect(ChapterLinker.plainWebURL(raw) == raw)
        }
        for raw in ["https://a..b/", "https://.a/", "https://a:123456/", "https://a/#b#c", "https://a/b c", "HTTPS://a/"] {
            #expect(ChapterLinker.plainWebURL(raw) == nil, "\(raw.debugDescription)")
        }
    }

    /// `decode` without Foundation when there is no `%`, and `isWebAddress`
    /// without lowercasing a scheme that has no capital, against the
    /// forms they stand for.
    @Test func decodingAndSchemesEqualTheirGeneralForms() {
        var generator = SeededGenerator(seed: 3)
        let pieces = ["a", "%", "%2", "%20", "%zz", "%C3%A9", "%FF", "é", "日本", "#", "/", " ", "+", "\u{1}", "👍", "%25"]
        for _ in 0..<3000 {
            let s = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(ChapterLinker.decode(s) == (s.removingPercentEncoding ?? s), "\(s.debugDescription)")
        }
        let schemes = ["http", "HTTP", "Https", "hTtPs", "ftp", "FTP", "mailto", "MailTo", "tel", "TEL", "javascript", "", "h", "httpx",
                       "İ", "ﬀ", "ht\u{301}tp"]
        let rests = ["//example.com/a", "//a..b/", "x", "", "//host:8080/p", "//user@host/", "//ex ample.com/"]
        for scheme in schemes {
            for rest in rests {
                let address = Array((scheme + ":" + rest).utf8)
                let reference: Bool = {
                    let colon = address.firstIndex(of: 0x3A)!
                    return ChapterLinker.isLinkScheme(String(decoding: address[..<colon], as: UTF8.self).lowercased())
                }()
                let fast = address.withUnsafeBufferPointer(ChapterLinker.isWebAddress)
                // A scheme the lowercased form refuses is refused; one it keeps decides by the rest alone.
                if !reference { #expect(!fast, "\(scheme):\(rest)") }
                let lowered = Array((scheme.lowercased() + ":" + rest).utf8)
                #expect(fast == lowered.withUnsafeBufferPointer(ChapterLinker.isWebAddress), "\(scheme):\(rest)")
            }
        }
    }

    /// A base URL can make a web address a link into the book: then every
    /// link takes the general path.
    @Test func aBaseURLSendsWebLinksToTheGeneralPath() throws {
        let post = try readPost("---\npermalink: /blog/a/\n---\nx")
        var linker = ChapterLinker()
        linker.baseURL = "https://example.com"
        linker.findChapter = { href, _ in href.hasPrefix("https://example.com/blog/") ? "chapter-002.xhtml" : nil }
        #expect(linker.resolveLink("https://example.com/blog/b/", file: "chapter-001.xhtml", post: post) == "chapter-002.xhtml")
        #expect(linker.resolveLink("https://other.org/", file: "chapter-001.xhtml", post: post) == "https://other.org/")
    }

    // MARK: Linking while writing

    static let pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

    /// Posts with every kind of link and picture: kept, made text, inside
    /// other links, blank, with ids and titles, pictures embedded, remote
    /// and missing; raw HTML among them, so the sanitiser's trees too.
    static let posts: [String] = [
        "# T\n\n## Sec\n\n[s](#sec) [missing](#nope) [web](https://example.com/a \"t\") [rel](other/) [bad](javascript:x)"
            + " [mail](mailto:a@b.c) [empty]() [](https://example.com/blank) [](#sec) [ ](https://x.org/%7E)",
        "![alt](\(pixel)) ![](\(pixel) \"title\") ![remote](https://example.com/i.png) ![](//cdn.example.com/j.png)"
            + " ![](missing.png) ![gone](missing.png) [![](\(pixel))](https://example.com) [![](https://example.com/k.png)](#x)"
            + " [![ ](a/%20)](https://example.com/l) [![](<a/ >)](https://example.com/m)",
        "<p><a href=\"https://example.com\" title=\"t\" id=\"keep\">x</a> <a href=\"#none\" id=\"anchor\" title=\"u\">y</a>"
            + " <a href=\"#anchor\">to anchor</a> <a href=\"https://a.org\"><a href=\"https://b.org\">nested</a></a>"
            + " <a>no href</a> <a href=\"javascript:alert(1)\">js</a> <a href=\" https://spaced.org/ \">sp</a>"
            + " <a href=\"https://ex.org/\"><img src=\"https://ex.org/i.png\" alt=\"\"></a> <a href=\"https://ex.org/\"> </a>"
            + " <a href=\"https://ex.org/\"><span> </span></a> <img alt=\"a\" src=\"\(pixel)\" title=\"t\"></p>",
        "- [`4a7233c178`](https://github.com/nodejs/node/commit/4a7233c178) - **assert**: x (A) [#1](https://github.com/nodejs/node/pull/1)\n"
            + "- [a](https://ünicode.example/) [b](https://xn--nicode-2ya.example:8080/p?q#f) [c](https://a..b/) [d](http://[::1]/)\n",
        "Footnote[^1] and [link to footnote](#fn-1).\n\n[^1]: The note [with a link](https://example.com/note).",
        "[A note in a link[^1]](https://example.com/) and [made text[^2]](#nope) [ [^1]](https://example.com/blank)\n\n[^1]: One.\n\n[^2]: Two.",
    ]

    static func books(_ markdown: [String], baseURL: String? = nil, direct: Bool = true) throws -> (EPUBBuilder.Book, EPUBBuilder.Book) {
        let posts = try markdown.enumerated().map { index, text in
            try readPost("---\ntitle: Post \(index)\npermalink: /blog/p\(index)/\n---\n" + text, path: "posts/p\(index).md")
        }
        var options = ConversionOptions()
        options.baseURL = baseURL
        var fused = EPUBBuilder(options: options, environment: [:])
        fused.checksWellFormedness = true
        fused.directChapters = direct
        var tree = fused
        tree.linksWhileWriting = false
        let title: String? = posts.count == 1 ? nil : "Book"
        return (try fused.build(posts, title: title), try tree.build(posts, title: title))
    }

    @Test func linkingWhileWritingEqualsLinkingTheTree() throws {
        for markdown in Self.posts {
            for direct in [true, false] {
                for baseURL in [nil, "https://example.com"] {
                    let (a, b) = try Self.books([markdown], baseURL: baseURL, direct: direct)
                    let sameBytes = a.bytes == b.bytes
                    #expect(sameBytes, "\(markdown)")
                    #expect(a.warnings == b.warnings, "\(markdown)")
                    #expect(a.images.count == b.images.count)
                }
            }
        }
        // One book of all of them, linking into each other's chapters.
        let linked = Self.posts + ["[p0](p0.md) [p1 sec](/blog/p0/#sec) [p2](https://example.com/blog/p2/) [slug](../p3/)"]
        for baseURL in [nil, "https://example.com"] {
            let (a, b) = try Self.books(linked, baseURL: baseURL)
            let sameBytes = a.bytes == b.bytes
            #expect(sameBytes)
            #expect(a.warnings == b.warnings)
        }
    }

    /// Books of one post are written without a tree where they can be:
    /// the builder's own samples, posts that stress ids (headings named
    /// like footnotes, links to footnote references before and after
    /// them, repeated headings) and random Markdown of links and notes.
    @Test func booksWrittenWithoutATreeEqualTheTreeForm() throws {
        let stressing = [
            "## fn-1\n\nA note[^1].\n\n[^1]: Text.",
            "## fnref-1\n\nA note[^1].\n\n[^1]: Text.",
            "[up](#fnref-1) then a note[^1] and [back](#fnref-1) [again](#fnref-1-2) twice[^1].\n\n[^1]: Text [to](#fn-1).",
            "A note[^1].\n\n[^1]: Text with a [link to its own reference](#fnref-1) and [a %66nref](#%66nref-1).",
            "# Title\n\n## Same\n\n## Same\n\n[same](#same) [same-1](#same-1) [none](#none) [rel](p0.md#same) [self](p0.md#fnref-1)",
            "## Notes in heading[^a]\n\n[^a]: a\n\n[TOC]",
            "- [`abc`](https://github.com/nodejs/node/commit/abc) - **x**: y [#1](https://github.com/nodejs/node/pull/1)\n"
                + "- [ ] task [link](https://a.b/#c)\n- [x] [](https://empty.example/)\n\n| [t](#x) | ![i](\(Self.pixel)) |\n|---|---|\n| [![](https://r.example/i.png)](https://l.example/) | x |",
        ]
        var written = 0
        for markdown in XHTMLBuilderTests.samples + Self.posts + stressing {
            for baseURL in [nil, "https://example.com"] {
                let (a, b) = try Self.books([markdown], baseURL: baseURL)
                let sameBytes = a.bytes == b.bytes
                #expect(sameBytes, "\(markdown.debugDescription)")
                #expect(a.warnings == b.warnings, "\(markdown.debugDescription)")
            }
            if try Self.isWrittenWithoutATree(markdown) { written += 1 }
        }
        #expect(written > 40)
        var generator = SeededGenerator(seed: 11)
        let pieces = ["text", " ", "\n", "\n\n", "- ", "1. ", "> ", "*", "**", "`", "[", "](#a)", "](#fnref-1)", "](#fn-2)",
                      "](https://a.b/c)", "](other.md#a)", "](p0.md)", "](/blog/p0/#a)", "![i](https://r.example/p.png)",
                      "[^1]", "\n\n[^1]: note ", "[^2]", "\n\n[^2]: two [x](#fnref-2)\n", "# ", "## a\n", "## fn-2\n",
                      "[TOC]\n", "&", "é", "\u{1}", "\u{7F}", "&#x85;", "&#xFFFE;", "&#1;", "\r", "\u{85}", String(Unicode.Scalar(0xFDD0)!), "\t", "https://a.b/c ", "www.x.org ", "  \n", "| a | b |\n|---|--:|\n| c | d |\n"]
        for round in 0..<400 {
            let markdown = (0..<Int.random(in: 1...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let (a, b) = try Self.books([markdown], baseURL: round.isMultiple(of: 2) ? nil : "https://example.com")
            let sameBytes = a.bytes == b.bytes
            #expect(sameBytes, "random \(round): \(markdown.debugDescription)")
            #expect(a.warnings == b.warnings, "random \(round): \(markdown.debugDescription)")
        }
    }

    /// Documents the parser does not make (controls, noncharacters and
    /// returns everywhere, odd shapes, a link in a link, nesting past the
    /// limit), as books of one post both ways.
    @Test func handMadeDocumentsWrittenWithoutATreeEqualTheTreeForm() throws {
        var deep = Block.paragraph([.link(destination: "#x", title: "", content: [.text("deep")])])
        for _ in 0..<(XHTMLSanitizer.maximumDepth + 1) { deep = .blockQuote([deep]) }
        let linkInLink = Document(blocks: [.paragraph([.link(destination: "/a", title: "", content: [
            .link(destination: "/b", title: "", content: [.text("x")])])])])
        let linkInEmphasisInLink = Document(blocks: [.paragraph([.link(destination: "https://a.org/", title: "", content: [
            .emphasis([.link(destination: "https://b.org/", title: "t", content: [.text(" ")])]), .footnoteReference(1)])])],
            footnotes: [Footnote(label: "a", blocks: [.paragraph([.link(destination: "#fnref-1", title: "", content: [])])])])
        // The awkward documents' note has no reference: its way back
        // (`#fnref-1`) names an id not written yet, and they take the tree.
        // With a reference first, they are written without one.
        let awkward = XHTMLBuilderTests.awkwardDocuments.map(\.1)
        let referenced = awkward.map { Document(blocks: [.paragraph([.footnoteReference(1)])] + $0.blocks, footnotes: $0.footnotes) }
        let documents = referenced + awkward + XHTMLBuilderTests.oddDocuments
            + [Document(blocks: [deep]), linkInLink, linkInEmphasisInLink]
        var written = 0
        for (index, document) in documents.enumerated() {
            var post = try readPost("---\ntitle: Post 0\n---\nx", path: "posts/p0.md")
            post.document = document
            let images = BookImages { AssetResolver(postPath: $0, assetRoots: []) }
            let builder = EPUBBuilder(options: ConversionOptions(), environment: [:])
            if builder.writtenChapter(post, linker: ChapterLinker(), images: images, bookDirection: .ltr) != nil { written += 1 }
            for force in [false, true] {
                var options = ConversionOptions()
                options.forceTableOfContents = force
                var fused = EPUBBuilder(options: options, environment: [:])
                fused.checksWellFormedness = true
                var tree = fused
                tree.linksWhileWriting = false
                let (a, b) = (try fused.build(post), try tree.build(post))
                let sameBytes = a.bytes == b.bytes
                #expect(sameBytes, "document \(index)")
                #expect(a.warnings == b.warnings, "document \(index)")
            }
        }
        #expect(written >= referenced.count + 8, "\(written) of \(documents.count) written without a tree")
    }

    static func isWrittenWithoutATree(_ markdown: String) throws -> Bool {
        let post = try readPost("---\ntitle: Post 0\npermalink: /blog/p0/\n---\n" + markdown, path: "posts/p0.md")
        let builder = EPUBBuilder(options: ConversionOptions(), environment: [:])
        let images = BookImages { AssetResolver(postPath: $0, assetRoots: []) }
        return builder.writtenChapter(post, linker: ChapterLinker(), images: images, bookDirection: .ltr) != nil
    }

    /// Every corpus post's book, linked while written and linked as a tree.
    @Test(.enabled(if: CorpusTests.corpusIsPresent, "needs ../shared/corpus/nodejs-blog"))
    func everyCorpusBookIsTheSameLinkedWhileWritten() throws {
        let files = PackageRoot.markdownFiles(in: CorpusTests.corpus)
        #expect(files.count > 1000)
        var options = ConversionOptions()
        options.assetRoots = [CorpusTests.corpus]
        var failures: [String] = []
        var written = 0
        for file in files {
            let post = try PostReader.read(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: file))), path: file)
            let fused = EPUBBuilder(options: options, environment: [:])
            var tree = fused
            tree.linksWhileWriting = false
            let (a, b) = (try fused.build(post), try tree.build(post))
            if a.bytes != b.bytes || a.warnings != b.warnings { failures.append(file) }
            let images = BookImages { AssetResolver(postPath: $0, assetRoots: options.assetRoots) }
            if fused.writtenChapter(post, linker: ChapterLinker(), images: images, bookDirection: .ltr) != nil { written += 1 }
        }
        print("ChapterLinkerTests: \(written) of \(files.count) corpus books written without a tree, every book compared")
        #expect(written > 950)
        #expect(failures.isEmpty, "\(failures.count) books differ: \(failures.prefix(5).joined(separator: "\n"))")
    }
}
