import Foundation
import Testing
@testable import QuireConvert

/// libcmark-gfm 0.29 keeps the table of special inline characters in a
/// global that every parser changes while it finishes (github/cmark-gfm#176):
/// parses at once in one process must not interfere.
struct MarkdownParserConcurrencyTests {
    static let markdown = (0..<200).map { i in
        "Line \(i): see www.example.com/\(i) and https://example.org/\(i) ~~gone~~ *em*\n\n| a | b |\n|---|---|\n| \(i) | ~~x~~ |\n"
    }.joined(separator: "\n")

    @Test func parsesAtOnceGiveWhatOneParseGives() async {
        let expected = MarkdownParser.parse(Self.markdown)
        let differing = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { MarkdownParser.parse(Self.markdown) != expected } }
            var count = 0
            for await differs in group where differs { count += 1 }
            return count
        }
        #expect(differing == 0, "\(differing) of 200 concurrent parses differ")
    }
}
