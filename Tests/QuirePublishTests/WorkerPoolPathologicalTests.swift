import Foundation
import Testing
@testable import QuirePublish
import QuireConvert

/// The pathological inputs of cmark-gfm's own test suite
/// (test/pathological_tests.py), plus the GFM extensions that are weak in
/// Debian's 0.29.0.gfm.6: wide table rows (quadratic) and autolink runs
/// (CVE-2023-22483/22484/22485). Each one either converts or is stopped
/// with a one-line error, within its budget; none takes the pool down.
struct WorkerPoolPathologicalTests {
    static let cases: [(name: String, text: String)] = [
        ("nested strong emph", String(repeating: "*a **a ", count: 65000) + "b" + String(repeating: " a** a*", count: 65000)),
        ("many emph closers with no openers", String(repeating: "a_ ", count: 65000)),
        ("many emph openers with no closers", String(repeating: "_a ", count: 65000)),
        ("many link closers with no openers", String(repeating: "a]", count: 65000)),
        ("many link openers with no closers", String(repeating: "[a", count: 65000)),
        ("mismatched openers and closers", String(repeating: "*a_ ", count: 50000)),
        ("openers and closers multiple of 3", "a**b" + String(repeating: "c* ", count: 50000)),
        ("link openers and emph closers", String(repeating: "[ a_", count: 50000)),
        ("pattern [ (]( repeated", String(repeating: "[ (](", count: 80000)),
        ("pattern ![[]() repeated", String(repeating: "![[]()", count: 160000)),
        ("nested brackets", String(repeating: "[", count: 50000) + "a" + String(repeating: "]", count: 50000)),
        ("nested block quotes", String(repeating: "> ", count: 50000) + "a"),
        ("deeply nested lists", (0..<1000).map { String(repeating: "  ", count: $0) + "* a\n" }.joined()),
        ("deeply nested ordered lists", (0..<1000).map { String(repeating: "   ", count: $0) + "1. a\n" }.joined()),
        ("U+0000 in input", "abc\u{0}de\u{0}"),
        ("backticks", (1..<5000).map { "e" + String(repeating: "`", count: $0) }.joined()),
        ("unclosed links A", String(repeating: "[a](<b", count: 30000)),
        ("unclosed links B", String(repeating: "[a](b", count: 30000)),
        ("unclosed <!--", "</" + String(repeating: "<!--", count: 300000)),
        ("many references", (1..<80000).map { "[\($0)]: u\n" }.joined() + String(repeating: "[0] ", count: 5000)),
        ("long run of *", String(repeating: "*", count: 200000)),
        ("long run of _", String(repeating: "_", count: 200000)),
        ("long run of [", String(repeating: "[", count: 200000)),
        ("long run of `", String(repeating: "`", count: 200000)),
        ("strikethrough openers", String(repeating: "~~a ", count: 50000)),
        ("many table rows", "| a | b |\n|---|---|\n" + String(repeating: "| x | y |\n", count: 100000)),
        ("wide table row", "|" + String(repeating: " a |", count: 40000) + "\n|" + String(repeating: "---|", count: 40000) + "\n"),
        ("autolink www runs", String(repeating: "www.", count: 50000)),
        ("autolink www with underscores", String(repeating: "www._a_b.", count: 30000)),
        ("autolink email runs", String(repeating: "a@", count: 50000) + "b.c"),
        ("autolink scheme runs", String(repeating: "http://", count: 30000)),
        ("autolink trailing punctuation", String(repeating: "www.a.com)", count: 30000) + String(repeating: ")", count: 30000)),
        ("autolink entity tail", "www.a.com" + String(repeating: "&amp;", count: 50000) + ";"),
    ]

    @Test func eachFinishesOrIsStoppedWithinItsBudget() async throws {
        let fixture = try WorkerFixture()
        let budget = Budget.default
        let size = 2
        let pool = fixture.pool(budget: budget, size: size)
        let paths = try Self.cases.enumerated().map { i, c in try fixture.post("pathological-\(i).md", c.text) }

        // At most `size` posts in flight, so each one's time is its own, not
        // time spent waiting for a worker.
        let outcomes = await withTaskGroup(of: (Int, Result<Conversion, ConversionError>, Double).self) { group in
            var next = 0
            func start() {
                guard next < paths.count else { return }
                let i = next
                next += 1
                group.addTask {
                    let (result, seconds) = await WorkerFixture.elapsed { await pool.result(paths[i]) }
                    return (i, result, seconds)
                }
            }
            for _ in 0..<size { start() }
            var all: [(Int, Result<Conversion, ConversionError>, Double)] = []
            for await outcome in group {
                all.append(outcome)
                start()
            }
            return all.sorted { $0.0 < $1.0 }
        }

        for (i, result, seconds) in outcomes {
            let name = Self.cases[i].name
            let outcome: String
            switch result {
            case let .success(conversion):
                outcome = "converted, \(conversion.outputs[.html]?.count ?? 0) bytes of HTML"
                #expect(conversion.outputs[.html]?.isEmpty == false, "\(name)")
            case let .failure(error):
                outcome = error.description
                #expect(!error.description.contains("\n"), "\(name): one line")
                #expect(error.path == paths[i])
            }
            print("pathological: \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(format: "%6.2f", seconds)) s  \(outcome)")
            // The deadline runs from the moment the worker has the post; the
            // time measured here also holds starting a replacement worker (a
            // debug build warming up) and reaping the killed one, which takes
            // seconds on a loaded 2-core machine. Bounded, not unbounded, is
            // the point: unstopped, several of these run for minutes.
            #expect(seconds < budget.seconds + 10, "\(name) took \(seconds) s")
        }
        // And the pool still works.
        let fine = try fixture.post("fine.md", WorkerFixture.ordinary)
        #expect(try await pool.convert(fine).post.title == "An ordinary post")
        await pool.shutdown()
    }
}
