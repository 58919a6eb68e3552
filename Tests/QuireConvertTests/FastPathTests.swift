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
                    "https://example.com/" + String(repeating: "a", count: 40), "   " + String(repeating: " ", count: 40) + "javascript:x"]
        for url in urls {
            for image in [false, true] {
                #expect(URLSafety.isSafe(url, forImage: image) == URLSafety.isSafeScalars(url, forImage: image), "\(url.debugDescription)")
            }
            #expect(URLSafety.hasScheme(url) == URLSafety.hasSchemeCharacters(url), "\(url.debugDescription)")
            #expect(URLResolver.trimmed(url) == url.trimmingCharacters(in: .whitespacesAndNewlines))
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
    /// them, on both sides of its Julian switch and of year 9999.
    @Test func datesByArithmeticEqualFoundation() {
        var generator = SystemRandomNumberGenerator()
        var intervals: [Double] = [0, -1, 86_399, 86_400, -86_400, 951_782_400, -12_212_553_600, -12_212_553_601,
                                   253_402_300_799, 253_402_300_800, 1_700_000_000.5, -62_135_596_800]
        for _ in 0..<3000 {
            intervals.append(Double(Int64.random(in: -70_000_000_000...300_000_000_000, using: &generator)))
        }
        for interval in intervals {
            let date = Date(timeIntervalSince1970: interval)
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
        for count in [3, 16, 17, 40] {
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
