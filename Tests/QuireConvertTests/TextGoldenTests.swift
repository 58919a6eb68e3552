import Foundation
import Testing
@testable import QuireConvert

/// The plain-text form of the fixture posts, compared with the files in
/// `Golden/`. Run with `QUIRE_UPDATE_GOLDEN=1` to rewrite them after an
/// intended change, then read the diff.
@Suite struct TextGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    struct Case: CustomStringConvertible, Sendable {
        var fixture: String
        var golden: String
        var width = 72
        var baseURL: String? = "https://example.com/"
        var uppercaseStrong = false
        var flowed = false
        var description: String { golden }
    }

    static let cases: [Case] = [
        Case(fixture: "text-everything", golden: "text-everything"),
        Case(fixture: "text-everything", golden: "text-everything-narrow", width: 40, baseURL: nil, uppercaseStrong: true),
        Case(fixture: "text-everything", golden: "text-everything-flowed", flowed: true),
        Case(fixture: "text-wide", golden: "text-wide"),
        Case(fixture: "text-wide", golden: "text-wide-narrow", width: 30),
    ]

    /// Reads a fixture; the byline is set here so the golden files do not
    /// depend on how far the front matter reader has got.
    static func post(_ fixture: String) throws -> Post {
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(fixture + ".md")))
        var post = try PostReader.read(bytes: bytes, path: fixture + ".md")
        if fixture == "text-everything" {
            post.authors = ["Ada Lovelace"]
            post.date = Newsletter.parseDate("2024-03-05")
        } else {
            post.authors = []
            post.date = nil
        }
        return post
    }

    static func render(_ c: Case) throws -> String {
        var options = TextRenderer.Options(width: c.width, baseURL: c.baseURL, uppercaseStrong: c.uppercaseStrong, flowed: c.flowed)
        options.tocDepth = 3
        return TextRenderer.render(try post(c.fixture), options: options)
    }

    @Test(arguments: cases)
    func matchesGolden(_ c: Case) throws {
        let output = try Self.render(c)
        let goldenURL = Self.folder.appendingPathComponent(c.golden + ".txt")
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDEN"] != nil {
            try Data(output.utf8).write(to: goldenURL)
        }
        let expected = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(output == expected, "\(c.golden).txt differs; rerun with QUIRE_UPDATE_GOLDEN=1 and read the diff")
    }

    @Test(arguments: cases)
    func obeysTheTextRules(_ c: Case) throws {
        let output = try Self.render(c)
        let post = try Self.post(c.fixture)
        let problems = TextChecks.problems(in: output, document: post.document, width: c.width, flowed: c.flowed)
        #expect(problems.isEmpty, "\(c.golden): \(problems.prefix(5))")
    }
}
