import Foundation
import Testing
@testable import QuireConvert

/// Reads every post of `../shared/corpus` (when it is there): none may fail,
/// and each must come out with a title, a date and a unique slug.
@Suite struct PostCorpusTests {
    static let corpus: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpus").standardizedFileURL

    static var isPresent: Bool {
        let present = FileManager.default.fileExists(atPath: corpus.path)
        if !present { print("PostCorpusTests: \(corpus.path) is missing; skipping the corpus test") }
        return present
    }

    // Runs only where the shared corpus is checked out beside the package.
    @Test(.enabled(if: PostCorpusTests.isPresent))
    func everyCorpusPostReads() throws {
        let files = FileManager.default.enumerator(at: Self.corpus, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { ["md", "markdown"].contains($0.pathExtension.lowercased()) }
        #expect(files.count > 0)
        var slugs: [String: [String]] = [:]
        var undated: [String] = []
        let start = ContinuousClock.now
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let post = try PostReader.read(bytes: bytes, path: file.path)
            #expect(!post.title.isEmpty, "\(file.path)")
            #expect(post.warnings.isEmpty, "\(post.warnings)")
            if post.date == nil { undated.append(file.lastPathComponent) }
            slugs[file.deletingLastPathComponent().path + "/" + post.slug, default: []].append(file.path)
        }
        print("PostCorpusTests: read \(files.count) posts in \(ContinuousClock.now - start); without a date: \(undated.count) \(undated.prefix(5))")
        for (slug, paths) in slugs where paths.count > 1 { Issue.record("slug \(slug) shared by \(paths)") }
    }
}
