import Foundation
import Testing
@testable import QuireConvert

/// The byte-level fast paths must give exactly what the general
/// (grapheme or scalar) paths give, on the inputs they accept.
@Suite struct FastPathTests {
    static func randomText(_ generator: inout some RandomNumberGenerator, alphabet: [String]) -> String {
        (0..<Int.random(in: 0...120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
    }

    @Test func narrowWrappingEqualsGraphemeWrapping() {
        var generator = SystemRandomNumberGenerator()
        let ascii = ["a", "bb", "word", "https://example.com/a/very/long/path/that/does/not/fit", " ", " ", "  ", "\t", "\n", "\n\n", "[1]", "-", String(TextWrapper.glue), "x" + String(TextWrapper.glue) + "[2]"]
        let narrow = ["café", "ß", "\u{A0}", "“quoted”", "it’s", "—", "…", "Привет", "ελληνικά", "Tiếng", "€5", "→", "™"]
        for alphabet in [ascii, ascii + narrow] {
            for _ in 0..<500 {
                let text = Self.randomText(&generator, alphabet: alphabet)
                let width = Int.random(in: 1...40, using: &generator)
                let first = Bool.random(using: &generator) ? Int.random(in: 1...40, using: &generator) : nil
                let fast = TextWrapper.wrapNarrow(text, width: width, firstLineWidth: first)
                #expect(fast == TextWrapper.wrapGraphemes(text, width: width, firstLineWidth: first), "\(text.debugDescription) at \(width)")
            }
        }
        // Anything else takes the general path: combining marks, a space
        // that a mark joins, CR LF, wide characters, emoji, format characters.
        for text in ["e\u{301}", "a \u{301}b", "a\r\nb", "日本", "ok 👍", "zero\u{200B}width", "soft\u{AD}hyphen", "\u{1}"] {
            #expect(TextWrapper.wrapNarrow(text, width: 10, firstLineWidth: nil) == nil, "\(text.debugDescription)")
        }
    }

    /// Every scalar the narrow wrapper accepts is one column and one
    /// grapheme beside ASCII and beside each other, as the general path sees it.
    @Test func narrowScalarsAreSingleColumnGraphemes() {
        for value in UInt32(0x80)..<NarrowScalars.limit where NarrowScalars.contains(value) {
            let scalar = Unicode.Scalar(value)!
            let s = String(scalar)
            #expect(DisplayWidth.of(s) == 1, "U+\(String(value, radix: 16))")
            #expect(("a" + s + "b" + s + s + " ").count == 6, "U+\(String(value, radix: 16))")
            #expect(TextWrapper.wrapNarrow("x " + s + "y", width: 2, firstLineWidth: nil)
                    == TextWrapper.wrapGraphemes("x " + s + "y", width: 2), "U+\(String(value, radix: 16))")
        }
    }

    @Test func urlChecksEqualTheirGeneralForms() {
        let urls = ["https://example.com", "JavaScript:alert(1)", " java\tscript:x", "\u{1}javascript:x", "DATA:image/png;base64,AA",
                    "data:text/html,x", "file:///etc/passwd", "vbscript:x", "mailto:a@b.c", "a+b-c.d:x", "1abc:x", ":x", "",
                    "no scheme", "path/to:x", "ja\u{301}vascript:x", "javascript\u{301}:x", "http:\u{301}//x", "é:x",
                    "https://example.com/" + String(repeating: "a", count: 40), "   " + String(repeating: " ", count: 40) + "javascript:x",
                    "https://example.com/é", "h\u{301}ttps://x", "\u{301}javascript:x", "VBScript:x", "Data:image/svg+xml,x",
                    "Fi\u{0}le:x", "d:x", "j", "é", " \u{A0}javascript:x"]
        for url in urls {
            for image in [false, true] {
                #expect(URLSafety.isSafe(url, forImage: image) == URLSafety.isSafeScalars(url, forImage: image), "\(url.debugDescription)")
            }
            #expect(URLSafety.hasScheme(url) == URLSafety.hasSchemeCharacters(url), "\(url.debugDescription)")
            #expect(URLResolver.trimmed(url) == url.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // The byte path's early exit knows the dangerous schemes' first
        // letters by heart: every scheme of the list, however written, must
        // still be refused (a scheme added with another first letter is not).
        for scheme in URLSafety.dangerousSchemes {
            for url in [scheme + "x", scheme.uppercased() + "x", " \u{1}\t" + scheme + "x", scheme.prefix(1) + "\n" + scheme.dropFirst() + "x"] {
                #expect(!URLSafety.isSafe(url), "\(url.debugDescription)")
                #expect(!URLSafety.isSafeScalars(url, forImage: false), "\(url.debugDescription)")
            }
        }
    }

    @Test func flattenAndBlank() {
        for text in ["plain", "a\nb", "a\r\nb", "glue\u{E000}x", "\u{E001}", "  ", "\t", "\u{3000}", " x "] {
            let general = String(text.map { $0 == "\n" || $0 == "\r" || $0 == TextWrapper.glue ? " " : $0 })
            #expect(TextRenderer.flatten(text) == general)
            #expect(TextRenderer.isBlank(text) == text.trimmingCharacters(in: .whitespaces).isEmpty)
        }
    }
}

extension FastPathTests {
    @Test func escapingBytesEqualsEscapingScalars() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "&", "<", ">", "\"", "'", "&amp;", "é", "\"\u{301}", "日本", "👍", " ", "\n", "\u{0}"]
        for _ in 0..<500 {
            let text = Self.randomText(&generator, alphabet: alphabet)
            #expect(Escape.text(text) == Escape.escapeScalars(text, quotes: false), "\(text.debugDescription)")
            #expect(Escape.attribute(text) == Escape.escapeScalars(text, quotes: true), "\(text.debugDescription)")
        }
        #expect(Escape.attribute("a\"b'c<d>e&f") == "a&quot;b&#39;c&lt;d&gt;e&amp;f")
        #expect(Escape.text("a\"b'c<d>e&f") == "a\"b'c&lt;d&gt;e&amp;f")
    }
}

extension FastPathTests {
    /// Dates by arithmetic print as Foundation's Gregorian calendar prints
    /// them, on both sides of its Julian switch and of year 9999, with and
    /// without fractions of a second.
    @Test func datesByArithmeticEqualFoundation() {
        var generator = SystemRandomNumberGenerator()
        var intervals: [Double] = [0, -1, 86_399, 86_400, -86_400, 951_782_400, -12_212_553_600, -12_212_553_601,
                                   253_402_300_799, 253_402_300_800, 1_700_000_000.5, -62_135_596_800]
        for _ in 0..<3000 {
            intervals.append(Double(Int64.random(in: -70_000_000_000...300_000_000_000, using: &generator)))
        }
        // Fractions of a second: milliseconds as the corpus writes them,
        // any fraction, and instants a hair on either side of a whole
        // second, where Foundation may round up (those go to Foundation).
        for _ in 0..<3000 {
            let whole = Double(Int64.random(in: -13_000_000_000...254_000_000_000, using: &generator))
            intervals += [whole + Double(Int.random(in: 1...999, using: &generator)) / 1000,
                          whole + Double.random(in: 0..<1, using: &generator), whole.nextUp, whole.nextDown,
                          whole + 1e-7, whole - 1e-7, whole + 0.0009, whole + 0.9991, whole + 0.001, whole + 0.999]
        }
        var dates = intervals.map { Date(timeIntervalSince1970: $0) }
        // A hair either side of a whole second in the time base a `Date`
        // keeps (since 2001), which seconds since 1970 may round to whole.
        for _ in 0..<3000 {
            let whole = Double(Int64.random(in: -14_000_000_000...253_000_000_000, using: &generator))
            let steps = Double(Int.random(in: 1...3, using: &generator))
            dates += [Date(timeIntervalSinceReferenceDate: whole - steps * whole.ulp),
                      Date(timeIntervalSinceReferenceDate: whole + steps * whole.ulp)]
        }
        for date in dates {
            let interval = date.timeIntervalSinceReferenceDate
            #expect(TextRenderer.longDate(date) == TextRenderer.longDateFoundation(date), "\(interval)")
            let fast = PageRenderer.timeValues(date), general = PageRenderer.timeValuesFoundation(date)
            #expect(fast?.text == general?.text && fast?.machine == general?.machine, "\(interval)")
        }
    }
}

extension FastPathTests {
    /// Numbers by comparison (few links) and by hashing (many) agree with
    /// the plain definition: the first time an address is seen, the next number.
    @Test func linkNumbersAcrossTheHashingThreshold() {
        var generator = SystemRandomNumberGenerator()
        for count in [3, 15, 16, 17, 40, 300] {
            var references = LinkReferences()
            var seen: [String] = []
            for _ in 0..<(count * 3) {
                let url = "https://example.com/\(Int.random(in: 0..<count, using: &generator))"
                let expected = (seen.firstIndex(of: url) ?? { seen.append(url); return seen.count - 1 }()) + 1
                #expect(references.number(for: url) == expected)
            }
            #expect(references.urls == seen)
        }
    }
}

extension FastPathTests {
    @Test func autolinkTextByBytesEqualsJoinedStrings() {
        let texts = ["", "example.com", "a@b.c", "https://x.org", "é.com", "e\u{301}.com", "\u{301}x", "x"]
        let heads = ["", "mailto:", "http://", "https://", "ftp://", "mailto", "https:/", "é"]
        for text in texts {
            for head in heads {
                for destination in [head + text, head + text + "/", head, text] {
                    let general = text == destination || "mailto:" + text == destination
                        || "http://" + text == destination || "https://" + text == destination
                    #expect(TextRenderer.showsItsAddress(text, destination) == general, "\(text.debugDescription) \(destination.debugDescription)")
                }
            }
        }
    }
}

extension FastPathTests {
    static func yamlBoth(_ text: String, limits: Limits = Limits()) -> (simple: [String: FrontMatterValue]?, yams: Result<[String: FrontMatterValue], ConversionError>) {
        let frontMatter = FrontMatter(format: .yaml, text: text, firstLine: 2, body: "", bodyFirstLine: 3)
        let yams = Result { () throws(ConversionError) in try YAMLFrontMatter.parseWithYams(frontMatter, path: "p.md", limits: limits) }
        return (YAMLFrontMatter.parseSimple(text, limits: limits), yams)
    }

    /// Whatever the Yams-free reader accepts, Yams reads the same way; and
    /// it accepts the usual shapes.
    @Test func simpleFrontMatterEqualsYams() {
        var generator = SystemRandomNumberGenerator()
        let lines = ["title: Hello world", "title: 'Quoted: yes # here'", "title: \"Double\"", "date: '2017-05-30T18:52:01.625Z'",
                     "date: 2017-05-30", "author: James M Snell, Colin Ihrig", "layout: blog-post", "draft: true", "draft: yes",
                     "tags: [a, b]", "count: 12", "ratio: 1.5", "nothing: null", "nothing: ~", "empty:", "x: a: b", "x: a #c",
                     "x: a#c", "x: C# and F#", "x: it's", "x: 'it''s'", "x: \"a\\tb\"", "x: &anchor a", "y: *anchor", "x: !!str 5",
                     "x: a ", "  indented: no", "", "# comment", "Title: Case", "last_modified_at: 2020-01-01", "k-e_y9: v",
                     "x: http://example.com/a?b=c", "x: {a}", "x: [a", "x: Yes", "x: On", "x: nullable", "True: key", "x: a:",
                     "x: 'open", "x: \"a\"b\"", "x: | ", "x: >", "x: - a", "x: .inf", "x: e1", "x: Null", "x: o'clock 'x'",
                     "x:\ty", "x:y", "é: v", "x: café"]
        for _ in 0..<3000 {
            let count = Int.random(in: 1...5, using: &generator)
            var text = (0..<count).map { _ in lines.randomElement(using: &generator)! }.joined(separator: "\n")
            if Bool.random(using: &generator) { text += "\n" }
            let (simple, yams) = Self.yamlBoth(text)
            if let simple {
                #expect((try? yams.get()) == simple, "\(text.debugDescription)")
            }
        }
        let usual = "date: '2017-05-30T18:52:01.625Z'\ncategory: release\ntitle: Node.js 8.0.0 (Current)\nlayout: blog-post\nauthor: James M Snell, Colin Ihrig\n"
        #expect(Self.yamlBoth(usual).simple != nil)
        // The node budget and the depth limit are Yams' and Expansion's to report.
        #expect(Self.yamlBoth(usual, limits: Limits(maximumFrontMatterNodes: 10)).simple == nil)
        #expect(Self.yamlBoth(usual, limits: Limits(maximumFrontMatterDepth: 0)).simple == nil)
        #expect(Self.yamlBoth("a: x\na: y").simple == nil)
    }

    /// The corpus's front matter, read both ways.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: TextCorpusTests.corpus.path)))
    func corpusFrontMatterEqualsYams() throws {
        var simple = 0
        for file in TextCorpusTests.markdownFiles(under: TextCorpusTests.corpus) {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard let frontMatter = try? FrontMatter.split(text, path: file.path), frontMatter.format == .yaml else { continue }
            let (fast, yams) = Self.yamlBoth(frontMatter.text)
            if let fast {
                simple += 1
                #expect((try? yams.get()) == fast, "\(file.lastPathComponent)")
            }
        }
        print("FastPathTests: \(simple) corpus front matters read without Yams, each equal to Yams' reading")
        #expect(simple > 900)
    }

    /// The ASCII trimming paths against Foundation's, on strings whose ends
    /// mix ASCII white space, control characters, Unicode spaces (U+00A0,
    /// U+2028, U+3000, U+0085), combining marks and visible text.
    @Test func trimmingEqualsFoundation() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [" ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1F}", "\u{7F}", "\u{A0}", "\u{85}", "\u{2028}", "\u{3000}",
                      "\u{301}", "a", "Z", "~", "!", "é", "日", "👍", "_", "-", ""]
        var samples = ["", " ", "\t\n", "a", " a ", "\u{A0}a", "a\u{A0}", " \u{301}a", "a \u{301}", "\ra\n", "\u{0B}x\u{0C}"]
        for _ in 0..<3000 {
            samples.append((0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for s in samples {
            #expect(s.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            #expect(s.trimmingSpaces() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            #expect(PageRenderer.languageTag(s + "en_GB" + s) == PageRenderer.languageTag((s + "en_GB" + s).replacingOccurrences(of: "_", with: "-")))
            #expect(LanguageTag.valid(s + "de_CH" + s) == LanguageTag.valid((s + "de_CH" + s).replacingOccurrences(of: "_", with: "-")))
        }
    }

    /// `Escape.appendAttribute`, which the built-in page writes into bytes,
    /// against the scalar-by-scalar general form.
    @Test func appendedAttributeEqualsScalarEscaping() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "bc", "&", "<", ">", "\"", "'", "\"\u{301}", "é", "日本", "👍", " ", "&amp;", String(repeating: "x", count: 9)]
        for _ in 0..<2000 {
            let s = Self.randomText(&generator, alphabet: alphabet)
            var out: [UInt8] = Array("prefix".utf8)
            Escape.appendAttribute(s, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "prefix" + Escape.escapeScalars(s, quotes: true), "\(s.debugDescription)")
        }
    }

    /// `endsWithLineFeed` against `hasSuffix("\n")`, which it replaces in the
    /// renderers: CR LF, a mark after a line feed, empty and one-byte strings.
    @Test func lineFeedEndEqualsHasSuffix() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["\n", "\r", "\r\n", "a", "\u{301}", "é", "👍", " ", "<li>"]
        var samples = ["", "\n", "\r", "\r\n", "a\n", "a\r\n", "\n\u{301}", "\n\n", "\r\n\n"]
        for _ in 0..<2000 {
            samples.append((0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for s in samples { #expect(s.endsWithLineFeed == s.hasSuffix("\n"), "\(s.debugDescription)") }
    }

    /// The link schemes by comparison, against the set they stand for.
    @Test func linkSchemesByComparisonEqualTheSet() {
        for scheme in ["http", "https", "mailto", "ftp", "tel", "", "javascript", "data", "file", "HTTP", "http ", "https+x", "tel.", "ftps"] {
            #expect(ChapterLinker.isLinkScheme(scheme) == Self.linkSchemes.contains(scheme), "\(scheme)")
        }
    }

    /// Heading ids of ASCII text by bytes equal the scalar-by-scalar slug;
    /// any non-ASCII text takes the general path.
    @Test func asciiHeadingSlugsEqualTheGeneralForm() {
        var generator = SystemRandomNumberGenerator()
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["Hello World", "v1.2.3", "  ", "A_B-C"]
        for byte in 0..<128 {
            let s = String(UnicodeScalar(UInt8(byte)))
            #expect(HeadingIDs.slug(s) == HeadingIDs.slugScalars(s), "\(s.debugDescription)")
        }
        for _ in 0..<3000 {
            let s = Self.randomText(&generator, alphabet: ascii)
            #expect(HeadingIDs.asciiSlug(s) == HeadingIDs.slugScalars(s), "\(s.debugDescription)")
        }
        for s in ["Café", "İstanbul", "e\u{301}", "日本語 見出し", "ǅ"] {
            #expect(HeadingIDs.asciiSlug(s) == nil)
            #expect(HeadingIDs.slug(s) == HeadingIDs.slugScalars(s))
        }
    }

    /// Fragments encoded by bytes equal the `Character`-property form, on
    /// every byte value and on random ids.
    @Test func fragmentEncodingEqualsTheCharacterForm() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["é", "日本", "👍", "ª", "²", "٣"]
        for _ in 0..<2000 {
            let id = Self.randomText(&generator, alphabet: alphabet)
            #expect(ChapterLinker.encodeFragment(id) == Self.encodeFragmentCharacters(id), "\(id.debugDescription)")
        }
    }

    @Test func voidElementsByComparisonEqualTheSet() {
        for name in ["br", "hr", "img", "wbr", "col", "p", "a", "BR", "image", "", "colgroup", "b"] + Array(XHTMLSanitizer.headings) {
            #expect(XHTMLElement.isVoid(name) == XHTMLElement.void.contains(name), "\(name)")
        }
    }
}

extension FastPathTests {
    /// The schemes books keep on links, as the set they were before.
    static let linkSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel"]

    /// A fragment percent-encoded by `Character` properties, as it was
    /// before the byte-by-byte form.
    static func encodeFragmentCharacters(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

extension FastPathTests {
    /// `TextWrapper.word(in:from:)` byte by byte, as the wrapper did it
    /// before it read eight bytes at a time.
    static func wordByBytes(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, width: Int, glued: Bool) {
        var index = start, width = 0, glued = false
        while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != 0x0A {
            if bytes[index] & 0xC0 != 0x80 { width += 1 }
            if bytes[index] == 0xEE { glued = true }
            index += 1
        }
        return (index, width, glued)
    }

    /// From every position of narrow text (words of every length across
    /// the eight-byte steps, glue and two- and three-byte scalars at every
    /// offset), the word found eight bytes at a time is the one found byte
    /// by byte; and narrow text is what the scalar check accepts.
    @Test func wordsByChunksEqualWordsByBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "bb", "longerword", " ", "\t", "\n", String(TextWrapper.glue), "é", "“", "→", "[12]", "~", "!"]
        for _ in 0..<2000 {
            let text = Self.randomText(&generator, alphabet: alphabet)
            var bytes = text
            bytes.withUTF8 { bytes in
                #expect(TextWrapper.isNarrow(bytes))
                for start in 0...bytes.count {
                    let fast = TextWrapper.word(in: bytes, from: start), slow = Self.wordByBytes(in: bytes, from: start)
                    #expect(fast.end == slow.end && fast.width == slow.width && fast.glued == slow.glued,
                            "\(text.debugDescription) from \(start)")
                }
            }
        }
        for text in ["e\u{301}", "\u{1}", "ok \u{7F}", "日本", String(repeating: "x", count: 13) + "\u{E001}"] {
            var text = text
            #expect(!text.withUTF8 { TextWrapper.isNarrow($0) }, "\(text.debugDescription)")
        }
    }

    /// Numbers from the byte-hashed table, and after a post's first address
    /// that is not ASCII from `String` hashing, agree with `String` equality:
    /// the Kelvin sign is canonically the letter K, so it shares K's number.
    @Test func linkNumbersByByteHashEqualStringEquality() {
        var generator = SystemRandomNumberGenerator()
        for (count, odd) in [(2000, nil), (2000, 700), (40, 20), (300, 5)] as [(Int, Int?)] {
            var references = LinkReferences()
            var seen: [String] = []
            for step in 0..<(count * 2) {
                var url = "https://github.com/nodejs/node/commit/\(Int.random(in: 0..<count, using: &generator))"
                if let odd, step >= odd { url += Bool.random(using: &generator) ? "K" : "\u{212A}" }
                let expected = (seen.firstIndex(of: url) ?? { seen.append(url); return seen.count - 1 }()) + 1
                #expect(references.number(for: url) == expected, "\(url.debugDescription)")
            }
            #expect(references.urls == seen)
        }
    }

    @Test func decimalsAndBlankBytesEqualTheirStrings() {
        for number in [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, Int.max, -1, -42] {
            var bytes: [UInt8] = []
            TextRenderer.appendDecimal(number, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(number))
        }
        for text in ["", " ", "\t", "\u{3000}", "\u{A0}", " x ", "é", "\u{E000}", "  \u{2003} "] {
            #expect(TextRenderer.isBlank(Array(text.utf8)[...]) == TextRenderer.isBlank(text), "\(text.debugDescription)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = Self.randomText(&generator, alphabet: ["a", "word ", "\n", "\r", "\u{E000}", "\u{E0FF}", "é", "\u{2028}", "\t"])
            var bytes = text
            let general = text.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0xEE }
            #expect(bytes.withUTF8 { TextRenderer.mayNeedFlattening($0) } == general, "\(text.debugDescription)")
        }
        for text in ["plain", "a\nb", "a\r\nb", "glue\u{E000}x", "\u{E001}", "é\n", ""] {
            var bytes: [UInt8] = [0x2A]
            TextRenderer.appendFlattened(text, to: &bytes)
            #expect(bytes == [0x2A] + Array(TextRenderer.flatten(text).utf8), "\(text.debugDescription)")
        }
    }
}

extension FastPathTests {
    /// `isNarrow`, eight bytes at a time, against its definition scalar by
    /// scalar, on long ASCII runs with a refused scalar (a control, DEL, a
    /// C1 control, a combining mark, a wide or private-use character, CR)
    /// at every offset of the eight-byte steps, and on mixes of accepted ones.
    @Test func narrowCheckEqualsItsScalarDefinition() {
        func definition(_ text: String) -> Bool {
            text.unicodeScalars.allSatisfy { scalar in
                let value = scalar.value
                return (value >= 0x20 && value < 0x7F) || value == 0x09 || value == 0x0A || scalar == TextWrapper.glueScalar
                    || (value >= 0x80 && NarrowScalars.contains(value))
            }
        }
        let refused = ["\u{1}", "\u{7F}", "\r", "\u{85}", "\u{301}", "日", "\u{E001}", "\u{200B}", "👍"]
        let accepted = ["a", " ", "\t", "\n", "é", "“", String(TextWrapper.glue), "Я"]
        var samples: [String] = []
        for offset in 0..<24 {
            for bad in refused {
                samples.append(String(repeating: "x", count: offset) + bad + String(repeating: "y", count: 9))
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            samples.append(Self.randomText(&generator, alphabet: accepted + (Bool.random(using: &generator) ? refused : [])))
        }
        for text in samples {
            var bytes = text
            #expect(bytes.withUTF8 { TextWrapper.isNarrow($0) } == definition(text), "\(text.debugDescription)")
        }
    }

    /// The renderer wraps every paragraph of a post into one `LineBytes`
    /// and one array of lines: each paragraph's lines start past the bytes
    /// and lines before them, and the earlier lines still read the same
    /// once later ones have grown the store.
    @Test func narrowWrappingIntoASharedStoreEqualsGraphemeWrapping() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "bb", "word", "https://example.com/a/long/path", " ", "  ", "\t", "\n", "\n\n", "[1]", "é", "—",
                        "x" + String(TextWrapper.glue) + "[2]"]
        for _ in 0..<50 {
            let store = LineBytes()
            var lines: [TextLine] = [TextLine("before")]
            var expected: [TextLine] = [TextLine("before")]
            for _ in 0..<Int.random(in: 1...30, using: &generator) {
                let text = Self.randomText(&generator, alphabet: alphabet)
                let width = Int.random(in: 1...40, using: &generator)
                let first = Bool.random(using: &generator) ? Int.random(in: 1...40, using: &generator) : nil
                TextWrapper.wrap(utf8: Array(text.utf8), width: width, firstLineWidth: first, into: &lines, store: store)
                expected += TextWrapper.wrapGraphemes(text, width: width, firstLineWidth: first)
                #expect(lines.count == expected.count, "\(text.debugDescription) at \(width)")
            }
            #expect(lines == expected)
        }
    }
}
