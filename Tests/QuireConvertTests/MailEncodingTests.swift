import Foundation
import Testing
@testable import QuireConvert

@Suite struct QuotedPrintableTests {
    @Test func asciiPassesAndUTF8IsEscaped() {
        #expect(QuotedPrintable.encode("Caf\u{E9} = 1") == "Caf=C3=A9 =3D 1")
        #expect(QuotedPrintable.encode("a\nb") == "a\nb")
    }

    @Test func trailingWhiteSpaceIsEncoded() {
        #expect(QuotedPrintable.encode("end \nnext\t") == "end=20\nnext=09")
    }

    @Test func aDotOrFromStartingALineIsEscaped() {
        #expect(QuotedPrintable.encode(".\nFrom me\nFromage") == "=2E\n=46rom me\nFromage")
    }

    @Test func longLinesGetSoftBreaksWithinSeventySix() {
        let text = String(repeating: "é", count: 50) + " " + String(repeating: "x", count: 200)
        let encoded = QuotedPrintable.encode(text)
        for line in encoded.split(separator: "\n") {
            #expect(line.count <= 76)
            // A soft break never cuts an =XX escape.
            #expect(!line.hasSuffix("=C") && !line.dropLast().hasSuffix("=C3=") || line.hasSuffix("="))
        }
        #expect(QuotedPrintable.decode(encoded) == Array(text.utf8))
    }

    @Test func roundTripsEveryByteThatUTF8Uses() {
        let text = "Zoë — 日本語 👩‍👩‍👧\n  indented = x\n\nlast line "
        #expect(QuotedPrintable.decode(QuotedPrintable.encode(text)) == Array(text.utf8))
        #expect(QuotedPrintable.decode(QuotedPrintable.encode(text, lineEnding: "\r\n")) == Array(text.utf8))
    }
}

@Suite struct EncodedWordTests {
    @Test func plainASCIIIsLeftAlone() {
        #expect(EncodedWord.encode("Weekly news") == "Weekly news")
    }

    @Test func nonASCIIBecomesBase64WordsThatDecodeBack() throws {
        let subject = "Neuigkeiten für Zoë — 日本語の長い件名はいくつかの単語に分かれます 👩‍👩‍👧"
        let words = EncodedWord.words(subject)
        #expect(words.count > 1)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst(10).dropLast(2))
            let bytes = try #require(Data(base64Encoded: payload))
            // Each word is whole UTF-8 on its own (RFC 2047 section 5).
            #expect(String(data: bytes, encoding: .utf8) != nil)
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(EncodedWord.encode(subject).split(separator: "\n").allSatisfy { $0.count <= 76 })
    }

    @Test func headerInjectionIsEncoded() {
        #expect(EncodedWord.encode("Hi\nBcc: victim@example.com").hasPrefix("=?UTF-8?B?"))
        #expect(EncodedWord.needsEncoding("looks =?like?= a word"))
    }

    @Test func mailboxesQuoteOrEncodeNames() throws {
        #expect(try MailAddress(parsing: "Ada <ada@example.com>").description == "Ada <ada@example.com>")
        #expect(try MailAddress(parsing: "\"Lovelace, Ada\" <ada@example.com>").description == "\"Lovelace, Ada\" <ada@example.com>")
        #expect(try MailAddress(parsing: "Zoë <zoe@example.com>").description == "=?UTF-8?B?Wm/Dqw==?= <zoe@example.com>")
        #expect(try MailAddress(parsing: "plain@example.com").description == "plain@example.com")
        #expect(throws: MailAddress.Invalid.self) { try MailAddress(parsing: "not an address") }
        #expect(throws: MailAddress.Invalid.self) { try MailAddress(parsing: "a@b\nBcc: c@d") }
    }

    @Test func datesAreRFC5322() {
        let date = Date(timeIntervalSince1970: 1_709_640_000)   // 2024-03-05 12:00:00 UTC, a Tuesday
        #expect(MailMessage.rfc5322Date(date) == "Tue, 05 Mar 2024 12:00:00 +0000")
    }

    @Test func messageIDsAreUnique() {
        let ids = (0..<100).map { _ in MailMessage.newMessageID(domain: "example.com") }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.hasPrefix("<") && $0.hasSuffix("@example.com>") })
    }
}
