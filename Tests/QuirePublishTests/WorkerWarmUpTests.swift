import Foundation
import Testing
@testable import QuireConvert
@testable import QuirePublish

@Suite("Worker warm-up")
struct WorkerWarmUpTests {
    @Test("the warm-up post's front matter is read without Yams, and the post converts to every format")
    func warmUpPost() throws {
        let frontMatter = try FrontMatter.split(WorkerServer.warmUpPost, path: "warm-up.md")
        #expect(frontMatter.format == .yaml)
        let simple = try #require(YAMLFrontMatter.parseSimple(frontMatter.text, limits: Limits()))
        #expect(simple.keys.sorted() == ["date", "tags", "title"])
        var options = ConversionOptions()
        options.formats = Set(OutputFormat.allCases)
        let conversion = try Converter(options: options).convert(bytes: Array(WorkerServer.warmUpPost.utf8), path: "warm-up.md")
        #expect(Set(conversion.outputs.keys) == Set(OutputFormat.allCases))
        #expect(conversion.post.title == "Warm-up")
        #expect(conversion.post.tags == ["a"])
        #expect(conversion.warnings.isEmpty)
    }
}
