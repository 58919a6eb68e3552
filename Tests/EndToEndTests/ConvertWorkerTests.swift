import Foundation
import Testing

/// `quire convert` converts in supervised workers: a post that crashes,
/// hangs or eats memory is one error line, and the others are written.
@Suite(.serialized) struct ConvertWorkerTests {
    static let ordinary = "---\ntitle: Fine\n---\n# Fine\n\nSome *text*.\n"

    @Test func badPostsCostThemselvesOnly() throws {
        let folder = try QuireRun.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let posts = folder.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        for name in ["a.md", "crash.md", "hang.md", "hog.md", "z.md"] {
            try Data(Self.ordinary.utf8).write(to: posts.appendingPathComponent(name))
        }
        let marker = UUID().uuidString
        let run = try QuireRun.run(["convert", "posts", "-o", "out", "--time-limit", "0.5", "--memory-limit", "64"], in: folder,
                                   environment: ["QUIRE_TESTING": "1", "QUIRE_WORKER_TEST_CRASH": "crash.md",
                                                 "QUIRE_WORKER_TEST_HANG": "hang.md", "QUIRE_WORKER_TEST_MEMORY": "hog.md",
                                                 "QUIRE_TEST_MARKER": marker])
        #expect(run.status == 1)
        #expect(run.stderr == """
            error: posts/crash.md: the converter crashed on this post (signal 11)
            error: posts/hang.md: stopped: took more than 500 ms
            error: posts/hog.md: stopped: used more than 64 MB

            """)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).sorted()
        #expect(written == ["a.html", "z.html"])
        #expect(Self.processes(withMarker: marker).isEmpty, "no worker outlives quire convert")
    }

    @Test func workersAndInProcessWriteTheSameBytes() throws {
        let folder = try QuireRun.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for i in 0..<12 {
            let text = "---\ntitle: Post \(i)\n---\n# Post \(i)\n\n| a | b |\n|---|---|\n| \(i) | *x* |\n\n> quote [link](https://example.org/\(i))\n"
            try Data(text.utf8).write(to: folder.appendingPathComponent("p\(i).md"))
        }
        let pooled = try QuireRun.run(["convert", ".", "-o", "pooled"], in: folder)
        let local = try QuireRun.run(["convert", ".", "-o", "local", "--in-process"], in: folder)
        #expect(pooled.status == 0 && local.status == 0, "\(pooled.stderr)\(local.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("pooled").path).sorted()
        #expect(names.count == 12)
        for name in names {
            let a = try Data(contentsOf: folder.appendingPathComponent("pooled/\(name)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("local/\(name)"))
            #expect(a == b, "\(name)")
        }
    }

    @Test func standardInputGoesThroughAWorkerToo() throws {
        let folder = try QuireRun.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pooled = try QuireRun.run(["convert", "-", "--to", "html"], in: folder, stdin: Data(Self.ordinary.utf8))
        let local = try QuireRun.run(["convert", "-", "--to", "html", "--in-process"], in: folder, stdin: Data(Self.ordinary.utf8))
        #expect(pooled.status == 0)
        #expect(!pooled.stdout.isEmpty)
        #expect(pooled.stdout == local.stdout)
        // The time budget holds for standard input as well.
        let slow = String(repeating: "![[]()", count: 160000)  // minutes in this libcmark-gfm
        let stopped = try QuireRun.run(["convert", "-", "--to", "html", "--time-limit", "1"], in: folder, stdin: Data(slow.utf8))
        #expect(stopped.status == 1)
        #expect(stopped.stderr == "error: <stdin>: stopped: took more than 1 s\n")
    }

    @Test func theWorkerCommandIsHidden() throws {
        let folder = try QuireRun.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let help = try QuireRun.run(["--help"], in: folder)
        let text = String(decoding: help.stdout, as: UTF8.self)
        #expect(text.contains("convert"))
        #expect(!text.contains("worker"))
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
