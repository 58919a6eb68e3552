import Foundation
import Testing

/// `quire convert` converts in supervised workers: a post that crashes,
/// hangs or eats memory is one error line, and the others are written.
@Suite(.serialized) struct ConvertWorkerTests {
    static let ordinary = "---\ntitle: Fine\n---\n# Fine\n\nSome *text*.\n"

    @Test func badPostsCostThemselvesOnly() throws {
        let quire = try QuireCommand()
        for name in ["a.md", "crash.md", "hang.md", "hog.md", "z.md"] { try quire.write("posts/\(name)", Self.ordinary) }
        let marker = UUID().uuidString
        let run = try quire.run(["convert", "posts", "-o", "out", "--time-limit", "0.5", "--memory-limit", "64"],
                                environment: ["QUIRE_TESTING": "1", "QUIRE_WORKER_TEST_CRASH": "crash.md",
                                              "QUIRE_WORKER_TEST_HANG": "hang.md", "QUIRE_WORKER_TEST_MEMORY": "hog.md",
                                              "QUIRE_TEST_MARKER": marker])
        #expect(run.status == 1)
        #expect(run.stderrLines == [
            "error: posts/crash.md: the converter crashed on this post (signal 11)",
            "error: posts/hang.md: stopped: took more than 500 ms",
            "error: posts/hog.md: stopped: used more than 64 MB",
        ])
        let written = try FileManager.default.contentsOfDirectory(atPath: quire.folder.appendingPathComponent("out").path).sorted()
        #expect(written == ["a.html", "z.html"])
        #expect(Self.processes(withMarker: marker).isEmpty, "no worker outlives quire convert")
    }

    @Test func workersAndInProcessWriteTheSameBytes() throws {
        let quire = try QuireCommand()
        for i in 0..<12 {
            try quire.write("p\(i).md", "---\ntitle: Post \(i)\n---\n# Post \(i)\n\n| a | b |\n|---|---|\n| \(i) | *x* |\n\n> quote [link](https://example.org/\(i)) www.example.com/\(i)\n")
        }
        let pooled = try quire.run(["convert", ".", "-o", "pooled", "--to", "html,text"])
        let local = try quire.run(["convert", ".", "-o", "local", "--to", "html,text", "--in-process"])
        #expect(pooled.status == 0 && local.status == 0, "\(pooled.stderr)\(local.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: quire.folder.appendingPathComponent("pooled").path).sorted()
        #expect(names.count == 24)
        for name in names { #expect(quire.read("pooled/\(name)") == quire.read("local/\(name)"), "\(name)") }
    }

    @Test func standardInputGoesThroughAWorkerToo() throws {
        let quire = try QuireCommand()
        let pooled = try quire.run(["convert", "-", "--to", "html"], stdin: Data(Self.ordinary.utf8))
        let local = try quire.run(["convert", "-", "--to", "html", "--in-process"], stdin: Data(Self.ordinary.utf8))
        #expect(pooled.status == 0)
        #expect(!pooled.stdout.isEmpty)
        #expect(pooled.stdout == local.stdout)
        // The time budget holds for standard input as well (a worker that
        // hangs on it: the inputs Debian's libcmark-gfm 0.29.0.gfm.6 takes
        // minutes for are now refused before the parser, see below).
        let stopped = try quire.run(["convert", "-", "--to", "html", "--time-limit", "1"], stdin: Data(Self.ordinary.utf8),
                                    environment: ["QUIRE_TESTING": "1", "QUIRE_WORKER_TEST_HANG": "<stdin>"])
        #expect(stopped.status == 1)
        #expect(stopped.stderrLines == ["error: <stdin>: stopped: took more than 1 s"])
        let slow = String(repeating: "![[]()", count: 160000)
        let refused = try quire.run(["convert", "-", "--to", "html", "--time-limit", "1"], stdin: Data(slow.utf8))
        #expect(refused.status == 1)
        #expect(refused.stderrLines == ["error: <stdin>:1: refused: links after too many unclosed [ in one paragraph (cmark-gfm would take minutes)"])
    }

    @Test func theWorkerCommandIsHidden() throws {
        let quire = try QuireCommand()
        let help = try quire.run(["--help"])
        #expect(help.stdout.contains("convert"))
        #expect(!help.stdout.contains("worker"))
    }

    /// `worker` and `worker --memory N` skip the argument parser; the
    /// worker still says hello and ends with its input. Any other arguments still get the parser's messages.
    @Test func theWorkersOwnArgumentsSkipTheParserOthersDoNot() throws {
        let quire = try QuireCommand()
        for arguments in [["worker"], ["worker", "--memory", "67108864"]] {
            let run = try quire.run(arguments, stdin: Data())
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(!run.stdout.isEmpty, "\(arguments): a hello frame")
        }
        let bad = try quire.run(["worker", "--memory", "lots"], stdin: Data())
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("The value 'lots' is invalid for '--memory <memory>'"))
        #expect(bad.stdout.isEmpty, "no hello from a worker that did not start")
        let unknown = try quire.run(["worker", "--memory", "1", "--extra"], stdin: Data())
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--extra"))
    }

    /// Processes whose environment holds `QUIRE_TEST_MARKER=marker`.
    static func processes(withMarker marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { name in
            guard Int(name) != nil, let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ") else { return false }
            return String(decoding: environment, as: UTF8.self).contains("QUIRE_TEST_MARKER=\(marker)")
        }
    }
}
