import Testing
@testable import QuireConvert

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnEach() {
        #expect(DisplayWidth.of("hello, world") == 12)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func eastAsianWideAndFullwidthAreTwo() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("中文，") == 6)           // fullwidth comma
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ＡＢＣ") == 6)           // fullwidth Latin
        #expect(DisplayWidth.of("ｶﾀｶﾅ") == 4)            // halfwidth katakana stay narrow
        #expect(DisplayWidth.of("\u{3000}") == 2)         // ideographic space
        #expect(DisplayWidth.of("𠀋") == 2)               // CJK extension B
    }

    @Test func combiningMarksAndZeroWidthAddNothing() {
        #expect(DisplayWidth.of("e\u{301}") == 1)         // é decomposed: one cluster
        #expect(DisplayWidth.of("a\u{200B}b") == 2)       // zero-width space
        #expect(DisplayWidth.of("\u{301}") == 0)          // a lone mark
        #expect(DisplayWidth.of("\u{FEFF}") == 0)
        #expect(DisplayWidth.of("\u{AD}") == 0)           // soft hyphen
        #expect(DisplayWidth.of("ก\u{E34}") == 1)          // Thai vowel sign above
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)  // Hangul from jamo
    }

    @Test func emojiClustersAreTwoColumnsOnce() {
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("👩‍👩‍👧") == 2)        // ZWJ family: one cluster
        #expect(DisplayWidth.of("🇯🇵") == 2)              // flag: two regional indicators
        #expect(DisplayWidth.of("👍🏽") == 2)             // skin tone modifier
        #expect(DisplayWidth.of("1️⃣") == 2)              // keycap
        #expect(DisplayWidth.of("❤️") == 2)               // text symbol made emoji by FE0F
        #expect(DisplayWidth.of("❤") == 1)                // the text-style symbol
        #expect(DisplayWidth.of("©") == 1)
    }

    @Test func controlsAreZero() {
        #expect(DisplayWidth.of("\u{7}") == 0)
        #expect(DisplayWidth.of("\u{85}") == 0)
    }
}

@Suite struct TextWrapperTests {
    @Test func fillsGreedilyWithinTheWidth() {
        let lines = TextWrapper.wrap("the quick brown fox jumps over the lazy dog", width: 15).map(\.text)
        #expect(lines == ["the quick brown", "fox jumps over", "the lazy dog"])
    }

    @Test func aWordLongerThanTheLineStandsAlone() {
        let url = "https://example.com/" + String(repeating: "a", count: 40)
        let lines = TextWrapper.wrap("see \(url) now", width: 20).map(\.text)
        #expect(lines == ["see", url, "now"])
    }

    @Test func wideCharactersCountTwoAndBreakBetweenIdeographs() {
        let lines = TextWrapper.wrap("日本語の文章です。", width: 8).map(\.text)
        // Never "。" at a line start: it goes with the character before.
        #expect(lines == ["日本語の", "文章で", "す。"])
        for line in lines { #expect(DisplayWidth.of(line) <= 8) }
    }

    @Test func glueKeepsALinkNumberWithItsText() {
        let text = "aaaa bbbb notes" + String(TextWrapper.glue) + "[1]"
        let lines = TextWrapper.wrap(text, width: 12).map(\.text)
        #expect(lines == ["aaaa bbbb", "notes [1]"])
    }

    @Test func softAndHardBreaksAreMarked() {
        let lines = TextWrapper.wrap("one two three\nfour", width: 8)
        #expect(lines.map(\.soft) == [true, false, false])
    }
}
