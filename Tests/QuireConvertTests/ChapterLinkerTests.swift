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

    /// Every corpus post's book, linked while written and linked as a tree.
    @Test(.enabled(if: CorpusTests.corpusIsPresent, "needs ../shared/corpus/nodejs-blog"))
    func everyCorpusBookIsTheSameLinkedWhileWritten() throws {
        let files = PackageRoot.markdownFiles(in: CorpusTests.corpus)
        #expect(files.count > 1000)
        var options = ConversionOptions()
        options.assetRoots = [CorpusTests.corpus]
        var failures: [String] = []
        for file in files {
            let post = try PostReader.read(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: file))), path: file)
            let fused = EPUBBuilder(options: options, environment: [:])
            var tree = fused
            tree.linksWhileWriting = false
            let (a, b) = (try fused.build(post), try tree.build(post))
            if a.bytes != b.bytes || a.warnings != b.warnings { failures.append(file) }
        }
        #expect(failures.isEmpty, "\(failures.count) books differ: \(failures.prefix(5).joined(separator: "\n"))")
    }
}
