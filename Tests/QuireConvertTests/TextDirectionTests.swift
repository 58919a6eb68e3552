import Foundation
import Testing
@testable import QuireConvert

/// Which way a post reads: its language's script, or front matter `dir`.
@Suite struct TextDirectionTests {
    @Test(arguments: [
        "ar", "ar-EG", "AR_eg", "ar-arz", "arz", "he", "he-IL", "iw", "fa", "fa-IR", "prs", "ur", "ur-PK", "ps",
        "sd", "ug", "yi", "ji", "dv", "ckb", "ckb-IQ", "syr", "nqo", "az-Arab", "pa-Arab-PK", "ku-Arab",
        "ms-Arab", "ff-Adlm", "uz-Arab-AF", "en-Hebr", "rhg", "ar-u-nu-arab",
    ])
    func rightToLeftTags(tag: String) {
        #expect(TextDirection(languageTag: tag) == .rtl)
    }

    @Test(arguments: [
        "en", "en-GB", "fr", "zh-Hant-TW", "ja", "hi", "ku", "ku-Latn", "ar-Latn", "he-Latn", "sd-Deva",
        "ks-Deva", "ug-Cyrl", "yi-Latn", "az", "pa", "ms", "ff", "x-arab", "", "not a tag", "arabic", "tr",
        "en-x-ar",
    ])
    func leftToRightTags(tag: String) {
        #expect(TextDirection(languageTag: tag) == .ltr)
    }

    @Test func frontMatterDirOverridesTheLanguage() throws {
        let arabicLeft = try readPost("---\ntitle: t\nlang: ar\ndir: ltr\n---\nنص")
        #expect(arabicLeft.direction(language: "ar") == .ltr)
        let englishRight = try readPost("---\ntitle: t\nlang: en\ndir: RTL\n---\nText")
        #expect(englishRight.direction(language: "en") == .rtl)
        #expect(englishRight.warnings.isEmpty)
        let byLanguage = try readPost("---\ntitle: t\nlang: he\n---\nטקסט")
        #expect(byLanguage.writtenDirection == nil)
        #expect(byLanguage.direction(language: "he") == .rtl)
        let empty = try readPost("---\ntitle: t\ndir: \"\"\n---\nx")
        #expect(empty.writtenDirection == nil && empty.warnings.isEmpty)
        let toml = try readPost("+++\ntitle = \"t\"\ndir = \"rtl\"\n+++\nx")
        #expect(toml.direction(language: "en") == .rtl)
    }

    @Test func aBadDirIsOneWarningAndLeftToRight() throws {
        let cases = [
            ("---\ntitle: t\nlang: ar\ndir: sideways\n---\nx", "posts/post.md:4: dir \"sideways\" is neither rtl nor ltr"),
            ("---\ntitle: t\nlang: ar\ndir: [rtl]\n---\nx", "posts/post.md:4: dir \"a list or a mapping\" is neither rtl nor ltr"),
            ("---\ntitle: t\ndir: auto\nlang: he\n---\nx", "posts/post.md:3: dir \"auto\" is neither rtl nor ltr"),
            ("{\"title\": \"t\", \"lang\": \"fa\", \"dir\": 1}\nx", "posts/post.md:1: dir \"1\" is neither rtl nor ltr"),
        ]
        for (text, warning) in cases {
            let post = try readPost(text)
            #expect(post.warnings.count == 1, "\(text)")
            #expect(post.warnings.first?.hasPrefix(warning) == true, "\(post.warnings)")
            #expect(post.warnings.allSatisfy { !$0.contains("\n") })
            #expect(post.direction(language: post.language ?? "en") == .ltr, "a bad value reads ltr, whatever the language")
        }
    }
}
