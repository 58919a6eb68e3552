import Foundation
import Testing
@testable import QuireConvert

/// `XHTMLBuilder` must give exactly the nodes of the chain it replaces,
/// HTMLRenderer -> libxml2 -> XHTMLSanitizer: the same elements, attributes
/// and text nodes (split where libxml2 splits them), so every book keeps
/// its bytes.
@Suite struct XHTMLBuilderTests {
    static func oldChain(_ document: Document, tocDepth: Int, force: Bool) -> [XHTMLNode] {
        let options = HTMLRenderer.Options(safe: false, tocDepth: tocDepth, forceTableOfContents: force)
        let result = XHTMLSanitizer.sanitize(HTMLRenderer.render(document, options: options))
        #expect(result.complete)
        return result.nodes
    }

    static func bytes(_ nodes: [XHTMLNode]) -> [UInt8] {
        var out: [UInt8] = []
        XHTMLNode.serialize(nodes, into: &out)
        return out
    }

    /// Compares the two chains on `document`; false when the builder left it to the old chain.
    @discardableResult
    static func expectSame(_ document: Document, tocDepth: Int = 3, force: Bool = false, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let built = XHTMLBuilder.nodes(of: document, tocDepth: tocDepth, forceTableOfContents: force) else { return false }
        let old = oldChain(document, tocDepth: tocDepth, force: force)
        let (new, old2) = (bytes(built.nodes), bytes(old))
        #expect(new == old2, "\(what): bytes differ\nnew: \(String(decoding: new, as: UTF8.self))\nold: \(String(decoding: old2, as: UTF8.self))",
                sourceLocation: sourceLocation)
        #expect(built.nodes == old, "\(what): same bytes, different nodes\nnew: \(built.nodes)\nold: \(old)", sourceLocation: sourceLocation)
        return true
    }

    static func document(_ markdown: String) -> Document {
        MarkdownParser.parse(markdown)
    }

    /// Every construct the renderer writes, alone and mixed.
    static let samples: [String] = [
        "plain paragraph",
        "# Title\n\nText with *em*, **strong**, ~~del~~, `code`, and a [link](https://example.com \"a title\").",
        "## Heading one\n\n### Sub\n\n#### Deeper\n\n##### Five\n\n###### Six\n\n## Heading one",
        "# \n\ntext",
        "line one  \nline two\\\nline three\nsoft",
        "> quote\n> more\n>\n> > nested *quote*\n\n>",
        "- a\n- b\n  - c\n  - d\n\n    para in d\n- e",
        "1. one\n2. two\n\n3. three",
        "7. seven\n8. eight",
        "- [ ] todo\n- [x] done\n  - [ ] nested todo",
        "- [ ] loose todo\n\n- [x] loose done",
        "-\n- \n-   \n  after empty",
        "- item\n\n  ```swift\n  let x = 1\n  ```\n- item two\n  > quoted",
        "- item with heading\n  # H1 in item",
        "```\nno language <b>&amp;</b>\n```\n\n```js weird\nconsole.log(\"x\")\n```\n\n    indented\n    code",
        "```\n```",
        "```bad\u{A0}lang\nx\n```",
        "---\n\n***\n\ntext\n\n___",
        "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | *2* | [3](/x) | `4` |\n| | | | |",
        "| only header |\n|---|",
        "| a | b |\n|---|---|\n| one |",
        "Image ![alt *text*](pic.png \"title\") and ![](empty.png) and ![x]()",
        "[![badge](https://img.shields.io/x.svg)](https://example.com)",
        "[bad](javascript:alert(1)) [data](data:text/html,x) ![bad](javascript:x) ![svg](data:image/png;base64,AA)",
        "<https://auto.link> and www.example.com and someone@example.com",
        "Footnote[^1] and again[^1] and another[^two].\n\n[^1]: The *note*.\n\n    More of it.\n[^two]: Two\n    - list in note",
        "[link with note[^n]](https://x.y)\n\n[^n]: note",
        "[TOC]\n\n## A\n\n### B\n\n## C & D < x >",
        "- [TOC]\n\n## Inside",
        "Entities: &amp; &lt; &gt; &quot; &#39; &copy; &nbsp; &#x1F600; &bogus; 5 > 3 < 4 & \"q\" 'a'",
        "Quotes in [link](/a\"b 'it''s \"x\"') and ![i](/p 'it\"s')",
        "Unicode: café, 日本語, emoji 😀, combining e\u{301}, RTL שלום",
        "Tabs\tand  spaces   kept\t\n\n\tindented code with\ttab",
        "# Heading with `code` and [link](#heading) and ![img](x.png)",
        "## Same\n\n## Same\n\n## Same",
        "Link to [anchor](#same) and [relative](other.md#frag) and [rel](../x/y.html) and [mail](mailto:a@b.c)",
        "[empty]() [space](<a b>) [angle](<x>) [unicode](https://例え.jp/パス)",
        "*emphasis **nested strong ~~and del~~***",
        "text ending with backslash\\",
        "hard  \nbreak at end  ",
        "1. a\n   1. b\n      1. c\n         - d\n           > e\n           > ```\n           > f\n           > ```",
        "Term\n: not a definition list",
        "| pipe \\| escaped | `a|b` |\n|---|---|\n| x | y |",
    ]

    @Test func handMadeDocumentsGiveTheSameNodes() {
        for sample in Self.samples {
            let document = Self.document(sample)
            #expect(Self.expectSame(document, sample.debugDescription), "\(sample.debugDescription) went to the old chain")
            Self.expectSame(document, tocDepth: 1, force: true, "forced toc: " + sample.debugDescription)
            Self.expectSame(document, tocDepth: 6, force: true, "deep toc: " + sample.debugDescription)
        }
    }

    /// Text Markdown cannot write: controls, noncharacters, returns, and
    /// attribute values with line breaks.
    @Test func awkwardCharactersGiveTheSameNodes() {
        for (text, document) in Self.awkwardDocuments {
            #expect(Self.expectSame(document, force: true, "awkward \(text.debugDescription)"))
        }
    }

    /// Text Markdown cannot write, in every kind of block and inline.
    static var awkwardDocuments: [(String, Document)] {
        let awkward = ["a\rb", "a\r\nb", "\r", "x\r", "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F}", "\u{85}\u{9F}\u{A0}",
                       String(String.UnicodeScalarView([0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF].map { Unicode.Scalar($0)! })), "tab\there", "line\nbreak", "  spaced  ",
                       " ", "\n", "\n\n", "&amp;<>\"'", "\u{FEFF}bom", "e\u{301}", "\u{301}", "\u{2028}\u{2029}", ""]
        return awkward.map { text in
            let inlines: [Inline] = [.text(text), .code(text), .emphasis([.text(text)]),
                                     .link(destination: "https://x/" + text, title: text, content: [.text(text)]),
                                     .link(destination: text, title: "", content: []),
                                     .image(source: "p.png" + text, title: text, alt: text),
                                     .image(source: text, title: "", alt: "")]
            let blocks: [Block] = [
                .paragraph(inlines),
                .heading(level: 2, id: text, content: [.text(text)]),
                .heading(level: 3, id: "id" + text, content: []),
                .code(language: text, text: text),
                .code(language: "swift", text: text),
                .list(.init(ordered: true, start: 3, tight: true, items: [.init(checked: nil, blocks: [.paragraph([.text(text)])]),
                                                                         .init(checked: true, blocks: [.paragraph([.text(text)])]),
                                                                         .init(checked: false, blocks: [])])),
                .list(.init(ordered: false, start: 1, tight: true, items: [.init(checked: nil, blocks: [.paragraph([.text(text + "\n")])])])),
                .table(.init(alignments: [.left], header: [[.text(text)]], rows: [[[.text(text)]], []])),
                .blockQuote([.paragraph([.text(text)]), .tableOfContents]),
                .paragraph([]),
            ]
            return (text, Document(blocks: blocks, footnotes: [Footnote(label: text, blocks: [.paragraph([.text(text)])])]))
        }
    }

    @Test func oddShapesGiveTheSameNodes() {
        for (index, document) in Self.oddDocuments.enumerated() {
            #expect(Self.expectSame(document, force: true, "odd document \(index)"))
        }
    }

    /// Shapes the parser does not make: empty tables and lists, odd starts,
    /// footnote references out of order, a link holding a picture and a note.
    static var oddDocuments: [Document] {
        [
            Document(blocks: []),
            Document(blocks: [.table(.init(alignments: [], header: [], rows: []))]),
            Document(blocks: [.table(.init(alignments: [.right, .center], header: [[], [.text("x")], [.text("extra")]], rows: [[]]))]),
            Document(blocks: [.list(.init(ordered: true, start: 0, tight: false, items: []))]),
            Document(blocks: [.list(.init(ordered: true, start: -5, tight: true, items: [.init(checked: nil, blocks: [])]))]),
            Document(blocks: [.list(.init(ordered: true, start: 999_999_999_9, tight: true, items: [.init(checked: nil, blocks: [])]))]),
            Document(blocks: [.list(.init(ordered: false, start: 1, tight: true, items: [
                .init(checked: nil, blocks: [.paragraph([.text("a"), .softBreak]), .tableOfContents]),
                .init(checked: nil, blocks: [.thematicBreak]),
                .init(checked: true, blocks: [.heading(level: 2, id: "h", content: [.lineBreak])]),
            ]))]),
            Document(blocks: [.paragraph([.footnoteReference(2), .footnoteReference(1), .footnoteReference(2)])],
                     footnotes: [Footnote(label: "a", blocks: []), Footnote(label: "b", blocks: [.blockQuote([])])]),
            Document(blocks: [.paragraph([.link(destination: "/a", title: "", content: [.footnoteReference(1), .image(source: "i.png", title: "", alt: "")])])],
                     footnotes: [Footnote(label: "a", blocks: [.paragraph([.text("n")])])]),
            Document(blocks: [.heading(level: 1, id: "", content: [.text("no id")]), .heading(level: 2, id: "two words", content: [])]),
        ]
    }

    @Test func whatOnlyTheOldChainMakesIsLeftToIt() {
        let raw = Self.document("text <b>bold</b>\n\n<div>block</div>")
        #expect(XHTMLBuilder.nodes(of: raw, tocDepth: 3, forceTableOfContents: false) == nil)
        let linkInLink = Document(blocks: [.paragraph([.link(destination: "/a", title: "", content: [.link(destination: "/b", title: "", content: [.text("x")])])])])
        #expect(XHTMLBuilder.nodes(of: linkInLink, tocDepth: 3, forceTableOfContents: false) == nil)
        var deep = Block.paragraph([.text("deep")])
        for _ in 0..<(XHTMLSanitizer.maximumDepth + 1) { deep = .blockQuote([deep]) }
        #expect(XHTMLBuilder.nodes(of: Document(blocks: [deep]), tocDepth: 3, forceTableOfContents: false) == nil)
        var deepButKept = Block.paragraph([.text("deep")])
        for _ in 0..<(XHTMLSanitizer.maximumDepth - 1) { deepButKept = .blockQuote([deepButKept]) }
        #expect(Self.expectSame(Document(blocks: [deepButKept]), "nested to the limit"))
    }

    /// Random Markdown from pieces that combine badly: lists in quotes in
    /// lists, tables after lists, footnotes everywhere.
    @Test func randomMarkdownGivesTheSameNodes() {
        let pieces = ["text", " ", "\n", "\n\n", "- ", "1. ", "> ", "  ", "    ", "*", "**", "_", "~~", "`", "[", "](/u)", "](#a \"t\")",
                      "![i](p.png)", "[^1]", "\n\n[^1]: note ", "# ", "## ", "| a | b |\n|---|--:|\n| c | d |\n", "```\n", "---\n",
                      "- [ ] ", "- [x] ", "[TOC]\n", "&amp;", "&", "<", "\\", "é", "😀", "\t", "https://a.b/c ", "a@b.co ", "  \n", "\\\n", "***", "1) ", "+ ", "\n[x]: /url \"t\"\n", "[x]", "[x][]", "\\*", "&#0;", "&#13;", "&#xD;", "&#x85;", "&#xFFFE;", "\r\n", "\r", "| x |\n|:-:|\n", "    code\n", "~~~\n", ":", "javascript:x", "<http://a.b>", "#", "[^2]", "\n\n[^2]: two\n\n    > q\n", "![a](</p q>)", "[l](<a b> 'c')"]
        var generator = SeededGenerator(seed: 7)
        var built = 0
        for round in 0..<1500 {
            let markdown = (0..<Int.random(in: 1...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if Self.expectSame(Self.document(markdown), force: round % 3 == 0, "random \(round): \(markdown.debugDescription)") { built += 1 }
        }
        // `<` and `>` pieces make raw HTML now and then: left to the old chain.
        print("XHTMLBuilderTests: \(built) of 1500 random documents built without libxml2 and compared")
        #expect(built > 1000, "only \(built) of 1500 built")
    }

    // MARK: The corpus

    static let corpus = CorpusTests.corpus

    /// Every post of the corpus: its book's bytes through the builder equal
    /// its book's bytes through the old chain.
    @Test(.enabled(if: CorpusTests.corpusIsPresent, "needs ../shared/corpus/nodejs-blog"))
    func everyCorpusBookKeepsItsBytes() throws {
        let files = PackageRoot.markdownFiles(in: Self.corpus)
        #expect(files.count > 1000)
        var options = ConversionOptions()
        options.assetRoots = [Self.corpus]
        var direct = 0, failures: [String] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let post = try PostReader.read(bytes: bytes, path: file)
            if XHTMLBuilder.nodes(of: post.document, tocDepth: options.tocDepth,
                                  forceTableOfContents: options.forceTableOfContents || post.tableOfContents) != nil {
                direct += 1
            }
            var new = EPUBBuilder(options: options, environment: [:])
            new.directChapters = true
            // Every file parsed back by libxml2, in release test runs too.
            new.checksWellFormedness = true
            var old = new
            old.directChapters = false
            let (a, b) = (try new.build(post), try old.build(post))
            if a.bytes != b.bytes || a.warnings != b.warnings { failures.append(file) }
        }
        print("XHTMLBuilderTests: \(direct) of \(files.count) corpus posts built without libxml2, every book compared")
        #expect(direct > 950)
        #expect(failures.isEmpty, "\(failures.count) books differ: \(failures.prefix(5).joined(separator: "\n"))")
    }
}

/// SplitMix64: the same "random" documents on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
