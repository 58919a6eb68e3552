import Foundation
import Testing

/// Kills `quire build` with SIGKILL at random moments while the posts
/// change under it, then runs it once more: every target must equal what
/// a clean build of the same posts produces, with no temporary, empty or
/// stray file left.
@Suite("Crash safety")
struct CrashTests {
    static let config = """
        targets:
          - { format: html, path: Output/html, layout: pretty }
          - { format: html, path: Output/flat, layout: flat }
          - { format: epub, path: Output/epub }
          - { format: text, path: Output/newsletter }
        state: .quire
        """
    static let editsPerRound = 15
    static let slowWrites = ["QUIRE_TESTING": "1", "QUIRE_TEST_WRITE_PAUSE_MS": "2"]
    static let targets = ["Output/html", "Output/flat", "Output/epub", "Output/newsletter"]

    static func post(_ n: Int, revision: Int) -> String {
        let permalink = n % 7 == 0 ? "url: /archive/\(n)/\n" : ""
        let body = (0..<(20 + n * 3)).map { "Paragraph \($0) of post \(n), revision \(revision), with *emphasis* and a [link](https://example.com/\($0))." }
        return "---\ntitle: Post \(n) r\(revision)\n\(permalink)---\n\n# Post \(n)\n\n" + body.joined(separator: "\n\n") + "\n"
    }

    static func path(_ n: Int) -> String { n % 3 == 0 ? "Watch/section-\(n % 4)/post-\(n).md" : "Watch/post-\(n).md" }

    @Test("SIGKILL at random moments, 20 times over 60 posts, then one more build")
    func killRepeatedly() async throws {
        let site = try Site("crash")
        try site.write("quire.yaml", Self.config)
        var revisions: [Int: Int] = [:]
        for n in 1...60 {
            revisions[n] = 0
            try site.write(Self.path(n), Self.post(n, revision: 0))
        }

        // How long an uninterrupted build of one round's changes takes here,
        // to aim the kills inside a run (startup, hashing, converting, writing).
        let probe = try Site("probe")
        try probe.write("quire.yaml", Self.config)
        for n in 1...60 { try probe.write(Self.path(n), Self.post(n, revision: 0)) }
        #expect(try probe.quire("build", "--quiet").status == 0)
        for n in 1...Self.editsPerRound { try probe.write(Self.path(n), Self.post(n, revision: 1)) }
        let start = ContinuousClock.now
        #expect(try QuireBinary.run(["build", "--quiet"], in: probe.root, environment: Self.slowWrites).status == 0)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        var generator = SystemRandomNumberGenerator()
        var interrupted = 0
        var killedWhileWriting = 0
        // The window to aim in adapts to the machine's load: a kill before
        // anything was written widens it, a run that finished narrows it,
        // so the kills keep landing while files are being written.
        var window = seconds
        var next = 61
        for round in 0..<20 {
            // Change the source between kills: edits, a deletion, a new post.
            for _ in 0..<Self.editsPerRound {
                let n = Int.random(in: 1..<next, using: &generator)
                guard let revision = revisions[n] else { continue }
                revisions[n] = revision + 1
                try site.write(Self.path(n), Self.post(n, revision: revision + 1))
            }
            if round % 3 == 1, let victim = revisions.keys.randomElement(using: &generator) {
                revisions[victim] = nil
                try FileManager.default.removeItem(atPath: site.root + "/" + Self.path(victim))
            }
            if round % 2 == 0 {
                revisions[next] = 0
                try site.write(Self.path(next), Self.post(next, revision: 0))
                next += 1
            }
            let output = site.root + "/../" + URL(fileURLWithPath: site.root).lastPathComponent + "-run"
            let before = Self.targets.map { site.tree($0) }
            // Each file written and each rename waits 2 ms (a test hook), so
            // the write window is wide enough for kills to land in it.
            let process = try QuireBinary.start(["build", "--quiet"], in: site.root, output: output,
                                                environment: Self.slowWrites)
            let delay = Double.random(in: 0.2...1.1, using: &generator) * window
            try await Task.sleep(for: .seconds(delay))  // not Thread.sleep: that would hold one of the few test threads
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                interrupted += 1
                if Self.targets.map({ site.tree($0) }) != before { killedWhileWriting += 1 } else { window *= 1.4 }
            } else {
                window *= 0.7
            }
            try? FileManager.default.removeItem(atPath: output + ".out")
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        print("crash test: \(interrupted) of 20 builds killed mid-way, \(killedWhileWriting) after they had changed a target; an uninterrupted round takes \(elapsed)")
        #expect(interrupted >= 10, "too few builds were interrupted to prove anything")
        #expect(killedWhileWriting >= 2, "too few builds were killed while writing")

        let final = try site.quire("build", "--quiet")
        #expect(final.status == 0, "\(final.stderr)")

        // The reference: the same posts, built once from nothing.
        let reference = try Site("reference")
        try reference.write("quire.yaml", Self.config)
        for (n, revision) in revisions { try reference.write(Self.path(n), Self.post(n, revision: revision)) }
        #expect(try reference.quire("build", "--quiet").status == 0)

        for target in Self.targets {
            let got = site.tree(target)
            let want = reference.tree(target)
            #expect(got.keys.sorted() == want.keys.sorted(), "\(target): different files or folders")
            for (name, bytes) in want where got[name] != bytes {
                Issue.record("\(target)/\(name) differs from a clean build")
            }
            for (name, bytes) in got {
                #expect(!name.contains(".quire-tmp-"), "\(target)/\(name) is a temporary file")
                if let bytes { #expect(!bytes.isEmpty, "\(target)/\(name) is empty") }
            }
        }
        #expect(try site.quire("build", "--quiet").stdout.hasPrefix("built 0,"))
    }
}
