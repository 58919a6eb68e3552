import Foundation
import Testing
@testable import QuireConvert

/// Every line of the plain text of real posts keeps the rules: the width
/// (bar a lone unbreakable word or code), no trailing spaces, no raw tags.
@Suite struct TextCorpusTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = packageRoot.appendingPathComponent("../shared/corpus/nodejs-blog").standardizedFileURL
    static let samples = packageRoot.appendingPathComponent("Watch")

    static func markdownFiles(under folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { ["md", "markdown"].contains($0.pathExtension.lowercased()) && $0.lastPathComponent != "README.md" }
            .sorted { $0.path < $1.path }
    }

    static func check(_ files: [URL], widths: [Int]) -> [String] {
        var problems: [String] = []
        for file in files {
            guard let bytes = try? Data(contentsOf: file),
                  let post = try? PostReader.read(bytes: Array(bytes), path: file.path) else { continue }
            for width in widths {
                let text = TextRenderer.render(post, options: TextRenderer.Options(width: width, baseURL: "https://nodejs.org/"))
                for problem in TextChecks.problems(in: text, document: post.document, width: width) {
                    problems.append("\(file.lastPathComponent) at \(width): \(problem)")
                }
            }
        }
        return problems
    }

    // Runs only where the shared corpus is checked out beside the package.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path)))
    func nodejsBlogKeepsTheRules() {
        let files = Self.markdownFiles(under: Self.corpus)
        print("TextCorpusTests: \(files.count) posts from \(Self.corpus.path)")
        #expect(files.count > 1000)
        let problems = Self.check(files, widths: [72])
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(8).joined(separator: "\n"))")
    }

    @Test func corpusPresenceIsReported() {
        if !FileManager.default.fileExists(atPath: Self.corpus.path) {
            print("TextCorpusTests: \(Self.corpus.path) is not here; the corpus check is skipped")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: samples.path)))
    func samplePostsKeepTheRules() {
        let problems = Self.check(Self.markdownFiles(under: Self.samples), widths: [72, 40])
        #expect(problems.isEmpty, "\(problems.prefix(8).joined(separator: "\n"))")
    }

    @Test func fixturesKeepTheRulesAtManyWidths() {
        let files = Self.markdownFiles(under: TextGoldenTests.folder).filter { $0.lastPathComponent.hasPrefix("text-") }
        #expect(!files.isEmpty)
        let problems = Self.check(files, widths: [20, 33, 50, 72, 100])
        #expect(problems.isEmpty, "\(problems.prefix(8).joined(separator: "\n"))")
    }
}
