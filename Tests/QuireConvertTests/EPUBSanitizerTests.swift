import Foundation
import Testing
@testable import QuireConvert

/// Raw HTML in, XHTML a book can hold out.
@Suite struct EPUBSanitizerTests {
    func clean(_ html: String) -> String {
        let result = XHTMLSanitizer.sanitize(html)
        #expect(result.complete)
        let xhtml = XHTMLNode.serialize(result.nodes)
        let document = "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + xhtml + "</div>"
        #expect(LibXML.wellFormednessError(Array(document.utf8), name: "test") == nil, "\(xhtml)")
        return xhtml
    }

    @Test func whatRunsIsRemoved() {
        let out = clean("""
            <p onclick="steal()" onmouseover=x>hi</p><script>alert(1)</script><iframe src="https://x"></iframe>
            <object data="x">obj</object><embed src="y"><p>after embed</p><form action="/x"><input type="text"><button>Go</button></form>
            <a href="javascript:alert(1)">js</a><svg><script>x</script></svg><style>p{}</style>
            """)
        for bad in ["onclick", "onmouseover", "<script", "<iframe", "<object", "<embed", "<form", "<input", "<svg", "<style", "alert(1)</"] {
            #expect(!out.contains(bad), "\(bad) in \(out)")
        }
        #expect(out.contains("<p>hi</p>"))
        #expect(out.contains("<p>after embed</p>"), "content libxml2 nests inside <embed> is kept: \(out)")
    }

    @Test func entitiesBecomeCharactersAndControlsGo() {
        let out = clean("<p>a&nbsp;b &copy; &amp; &lt; \u{01}\u{08}\u{0B}\u{7F}\u{85}&#1;z &bogus;</p>")
        #expect(out == "<p>a\u{A0}b © &amp; &lt; z &amp;bogus;</p>")
    }

    @Test func unknownElementsKeepTheirText() {
        let out = clean("<toc>contents</toc><custom-tag a=b>inner <b>bold</b></custom-tag>")
        #expect(out.contains("contents") && out.contains("inner <b>bold</b>") && !out.contains("toc") && !out.contains("custom"), "\(out)")
        #expect(!clean("<marquee>m</marquee>").contains("marquee>"))
    }

    @Test func contentModelsAreRepaired() {
        #expect(clean("<div><li>stray</li></div>") == "<div><div>stray</div></div>")
        #expect(clean("<ul>text<li>ok</li></ul>") == "<ul><li>text</li><li>ok</li></ul>")
        #expect(clean("<p><span><div>block</div></span></p>") == "<p><span>block</span></p>")
        #expect(clean("<div><tr><td>cell</td></tr></div>") == "<div><div><div>cell</div></div></div>")
        #expect(clean("<dl><dd>d</dd><dt>t</dt></dl>") == "<div><div>d</div><p>t</p></div>")
        #expect(clean("<details><p>x</p><summary>s</summary></details>") == "<div><p>x</p><p>s</p></div>")
        #expect(clean("<table><tr><td>a</td></tr>loose</table>").hasPrefix("<div>"))
        let table = "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td></tr></tbody></table>"
        #expect(clean(table) == table)
    }

    @Test func attributesAreCheckedOneByOne() {
        let out = clean(#"<p id="a b" class=" x  y " lang="not a tag" dir="sideways" style="position:fixed" title="t">p</p><img src="a.png" width="10px" onerror="x"><a name="old">o</a><td colspan=0>"#)
        #expect(out.contains(#"<p class="x y" title="t">p</p>"#), "\(out)")
        #expect(out.contains(#"<img src="a.png" alt=""/>"#), "\(out)")
        #expect(out.contains(#"<a id="old">o</a>"#), "\(out)")
        #expect(clean(#"<p lang="pt_BR">x</p>"#) == #"<p lang="pt-BR">x</p>"#)
    }

    @Test func deepNestingStopsTheParseAndIsReported() {
        let deep = String(repeating: "<div>", count: 400) + "x" + String(repeating: "</div>", count: 400)
        #expect(XHTMLSanitizer.sanitize(deep).complete == false)
    }

    @Test func idsStayUniqueAndHeadingsKeepTheirs() {
        var nodes = XHTMLSanitizer.sanitize(#"<p id="intro">p</p><h2 id="intro">H</h2><span id="x">1</span><span id="x">2</span>"#).nodes
        let ids = ChapterLinker.makeIDsUnique(&nodes)
        #expect(ids == ["intro", "x"])
        #expect(XHTMLNode.serialize(nodes) == #"<p>p</p><h2 id="intro">H</h2><span id="x">1</span><span>2</span>"#)
    }

    /// Conversions run on several threads at once: libxml2 is initialised
    /// once and its error hooks are per thread, so parallel results equal
    /// serial ones and nothing is printed.
    @Test func sanitisingOnManyThreadsGivesTheSameResults() {
        let inputs = (0..<64).map { i in
            "<p id=\"p\(i)\">para \(i) &nbsp;<b>bold<i>both</b> broken</i><script>x</script><toc>\(i)</toc></p><li>stray \(i)</li>"
                + (i % 3 == 0 ? String(repeating: "<div>", count: 300) : "")
        }
        let serial = inputs.map { XHTMLNode.serialize(XHTMLSanitizer.sanitize($0).nodes) }
        let mismatches = Counter()
        DispatchQueue.concurrentPerform(iterations: inputs.count * 4) { n in
            let i = n % inputs.count
            let out = XHTMLNode.serialize(XHTMLSanitizer.sanitize(inputs[i]).nodes)
            if out != serial[i] || LibXML.wellFormednessError(Array("<div>\(out)</div>".utf8), name: "t") != nil {
                mismatches.add()
            }
        }
        #expect(mismatches.value == 0)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    @Test func languageTags() {
        #expect(LanguageTag.valid("en") == "en")
        #expect(LanguageTag.valid("EN-gb") == "en-GB")
        #expect(LanguageTag.valid("zh-hant-tw") == "zh-Hant-TW")
        #expect(LanguageTag.valid("de_CH") == "de-CH")
        #expect(LanguageTag.valid("x-private") == "x-private")
        #expect(LanguageTag.valid("sl-rozaj-biske") == "sl-rozaj-biske")
        for bad in ["", "e", "english language", "en-", "123", "en--gb", "xx_invalid_!!", "a-DE"] {
            #expect(LanguageTag.valid(bad) == nil, "\(bad)")
        }
    }

    @Test func imagesAreSniffedNotNamed() {
        #expect(ImageKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(ImageKind.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageKind.sniff(Array("GIF89a....".utf8)) == .gif)
        #expect(ImageKind.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(ImageKind.sniff(Array("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == .svg)
        #expect(ImageKind.sniff(Array("not an image".utf8)) == nil)
    }

    @Test func svgWithEntitiesScriptsOrOutsideReferencesIsRefused() {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <svg xmlns="http://www.w3.org/2000/svg"><text>&d;&d;&d;&d;&d;&d;&d;</text></svg>
            """
        #expect(SVGCheck.check(Array(laughs.utf8)) == .refused("the SVG declares entities"))
        let external = #"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"#
        #expect(SVGCheck.check(Array(external.utf8)) == .refused("the SVG declares entities"))
        let script = #"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#
        #expect(SVGCheck.check(Array(script.utf8)) != .accepted(Array(script.utf8)))
        let handler = #"<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>"#
        #expect(SVGCheck.check(Array(handler.utf8)) != .accepted(Array(handler.utf8)))
        let link = #"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="/etc/passwd"/></svg>"#
        #expect(SVGCheck.check(Array(link.utf8)) != .accepted(Array(link.utf8)))
        let fine = #"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="url(#g)"/></svg>"#
        #expect(SVGCheck.check(Array(fine.utf8)) == .accepted(Array(fine.utf8)))
        let doctype = """
            <?xml version="1.0"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
            <svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>
            """
        guard case let .accepted(bytes) = SVGCheck.check(Array(doctype.utf8)) else {
            Issue.record("a plain SVG 1.1 doctype is dropped, not refused")
            return
        }
        #expect(!String(decoding: bytes, as: UTF8.self).contains("DOCTYPE"))
    }
}
