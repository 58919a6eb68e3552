import Foundation
import Testing
@testable import QuireConvert

/// `XMLText`'s byte-level fast paths against the scalar-by-scalar rules
/// they stand for.
@Suite struct XMLTextTests {
    /// Pieces that each take a different path: markup, line breaks,
    /// controls, C1 controls, noncharacters, their neighbours, and
    /// ordinary letters of one to four bytes.
    static let alphabet: [String] = {
        let scalars: [UInt32] = [0x41, 0x20, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x09, 0x0A, 0x0D, 0x00, 0x01, 0x0B, 0x1F, 0x7E, 0x7F,
                                 0x80, 0x85, 0x9F, 0xA0, 0xBF, 0xE9, 0x7FF, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0, 0xFFFD, 0xFFFE, 0xFFFF,
                                 0xFEFF, 0x1F600, 0x1FFFD, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF, 0x301, 0x3042, 0xEFBF]
        return scalars.map { String(Unicode.Scalar($0)!) } + ["\r\n", "plain words ", "e\u{301}"]
    }()

    static func reference(clean s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter(XMLText.isAllowed)))
    }

    static func reference(escape s: String, quotes: Bool) -> [UInt8] {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "\n" where quotes, "\t" where quotes: out += " "
            case "\r": out += quotes ? " " : "\n"
            default: if XMLText.isAllowed(c) { out.unicodeScalars.append(c) }
            }
        }
        return Array(out.utf8)
    }

    @Test func fastPathsEqualTheScalarRules() {
        var generator = SeededGenerator(seed: 11)
        for round in 0..<4000 {
            let s = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
            #expect(Array(XMLText.clean(s).utf8) == Array(Self.reference(clean: s).utf8), "\(round): \(s.debugDescription)")
            for quotes in [false, true] {
                var out: [UInt8] = [0x78]
                XMLText.appendEscaped(s, quotes: quotes, to: &out)
                #expect(out == [0x78] + Self.reference(escape: s, quotes: quotes), "\(round) quotes \(quotes): \(s.debugDescription)")
                let escaped = quotes ? XMLText.escapeAttribute(s) : XMLText.escape(s)
                #expect(Array(escaped.utf8) == Self.reference(escape: s, quotes: quotes), "\(round): \(s.debugDescription)")
            }
        }
    }

    /// A bridged string has no contiguous UTF-8: the general paths answer.
    @Test func bridgedStringsTakeTheGeneralPath() {
        let s = NSString(string: "a\u{1}<b\u{FFFE}é\"") as String
        #expect(XMLText.clean(s) == "a<bé\"")
        var out: [UInt8] = []
        XMLText.appendEscaped(s, quotes: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a&lt;bé&quot;")
    }
}
