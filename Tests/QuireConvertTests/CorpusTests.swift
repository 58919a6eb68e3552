import Foundation
import Testing
@testable import QuireConvert

/// The Node.js blog (1,042 real posts nobody here wrote), when
/// `../shared/corpus/nodejs-blog` is present beside the package.
@Suite struct CorpusTests {
    static let corpus = PackageRoot.url.appendingPathComponent("../shared/corpus/nodejs-blog").standardizedFileURL.path

    static var corpusIsPresent: Bool {
        let present = FileManager.default.fileExists(atPath: corpus)
        if !present { print("CorpusTests: \(corpus) is not here; the corpus test is skipped") }
        return present
    }

    @Test(.enabled(if: corpusIsPresent, "needs ../shared/corpus/nodejs-blog"))
    func everyPostConvertsToAWellFormedPage() throws {
        let posts = PackageRoot.markdownFiles(in: Self.corpus)
        #expect(posts.count > 1000)
        var options = ConversionOptions()
        options.assetRoots = [Self.corpus]
        let converter = Converter(options: options)
        let started = Date()
        var failures: [String] = []
        var malformed: [String] = []
        var warnings = 0
        for post in posts {
            do {
                let conversion = try converter.convert(file: post)
                warnings += conversion.warnings.count
                let page = String(decoding: conversion.outputs[.html] ?? [], as: UTF8.self)
                guard page.hasPrefix("<!DOCTYPE html>\n<html lang=\""), page.hasSuffix("</body>\n</html>\n") else {
                    malformed.append("\(post): not a complete page")
                    continue
                }
                let problems = HTMLParseCheck.problems(in: page)
                if let first = problems.first { malformed.append("\(post): \(first) (\(problems.count) in all)") }
            } catch {
                failures.append(error.description)
            }
        }
        print("CorpusTests: \(posts.count) posts in \(String(format: "%.2f", Date().timeIntervalSince(started))) s"
            + " (conversion and parse check), \(warnings) image warnings")
        #expect(failures.isEmpty, "\(failures.count) posts failed: \(failures.prefix(5).joined(separator: "\n"))")
        #expect(malformed.isEmpty, "\(malformed.count) pages are not well-formed: \(malformed.prefix(5).joined(separator: "\n"))")
    }
}
