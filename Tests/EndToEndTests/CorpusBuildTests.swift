import Foundation
import Testing

/// `quire build` over the shared nodejs-blog corpus (1,042 real posts):
/// everything publishes, nothing collides, and a second build is a no-op.
@Suite("Corpus build")
struct CorpusBuildTests {
    static let corpus: String = {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let root = tests.deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared/corpus/nodejs-blog").standardizedFileURL.path
    }()

    // Runs only where ../shared/corpus exists; says so otherwise.
    static let available: Bool = {
        let found = FileManager.default.fileExists(atPath: corpus)
        if !found { print("Corpus build: skipped, \(corpus) is not here") }
        return found
    }()

    @Test("the nodejs-blog corpus builds without a failure, then builds nothing", .enabled(if: available))
    func nodejsBlog() throws {
        let site = try Site("corpus")
        try site.write("quire.yaml", """
            source: \(Self.corpus)
            targets:
              - { format: html, path: Output/html, layout: pretty }
              - { format: html, path: Output/flat, layout: flat }
              - { format: epub, path: Output/epub }
              - { format: text, path: Output/newsletter }
            """)
        let posts = FileManager.default.enumerator(atPath: Self.corpus)?.allObjects
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }.count ?? 0
        let first = try site.quire("build", "--quiet")
        print("Corpus build: \(first.stdout)", terminator: "")
        #expect(first.status == 0, "\(first.stderr.prefix(2000))")
        #expect(first.stdout.hasPrefix("built \(posts), unchanged 0, removed 0, failed 0"))
        let second = try site.quire("build", "--quiet")
        #expect(second.stdout.hasPrefix("built 0, unchanged \(posts), removed 0, failed 0"))
    }
}
