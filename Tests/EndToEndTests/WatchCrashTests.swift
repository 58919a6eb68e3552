#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

extension DaemonEndToEnd {
    /// Kills `quire watch` with SIGKILL at random moments while posts are being
    /// edited and published, many times over; after a restart every target must
    /// equal a clean `quire build` of the same posts, with no temporary file left.
    @Suite struct WatchCrashTests {
        static let config = """
            source: Watch
            targets:
              - { format: html, path: Output/html, layout: pretty }
              - { format: html, path: Output/flat, layout: flat }
              - { format: epub, path: Output/epub }
              - { format: text, path: Output/newsletter }
            state: .quire
            debounce: 20ms
            """
        static let targets = ["Output/html", "Output/flat", "Output/epub", "Output/newsletter"]

        static func post(_ n: Int, revision: Int) -> String {
            let body = (0..<(10 + n % 9 * 4)).map { "Paragraph \($0) of post \(n), revision \(revision), with *emphasis*." }
            return "---\ntitle: Post \(n) r\(revision)\n---\n\n# Post \(n)\n\n" + body.joined(separator: "\n\n") + "\n"
        }

        static func path(_ n: Int) -> String { n % 3 == 0 ? "Watch/section-\(n % 4)/post-\(n).md" : "Watch/post-\(n).md" }

        @Test func sigkillWhilePublishingThenRestart() async throws {
            let sandbox = try WatchSandbox(config: Self.config)
            defer { sandbox.remove() }
            var revisions: [Int: Int] = [:]
            for n in 1...40 {
                revisions[n] = 0
                try sandbox.write(Self.path(n), Self.post(n, revision: 0))
            }
            var generator = SystemRandomNumberGenerator()
            var next = 41
            var midRun = 0
            var rounds = 0
            // The delay before the kill adapts to the machine's load: a kill
            // before anything settled widens it, one after the run ended narrows
            // it, so the kills keep landing while posts are being published.
            var window = 0.15
            while rounds < 12 || (midRun < 4 && rounds < 30) {
                let round = rounds
                rounds += 1
                let daemon = try WatchDaemon(sandbox, environment: ["QUIRE_LOG": "debug"])
                // Some rounds die during the start-up reconcile, the others while
                // the edits made below are being published.
                if round % 3 != 0 { _ = await daemon.waitUntilReady() }
                for _ in 0..<8 {
                    let n = Int.random(in: 1..<next, using: &generator)
                    guard let revision = revisions[n] else { continue }
                    revisions[n] = revision + 1
                    try sandbox.write(Self.path(n), Self.post(n, revision: revision + 1))
                }
                if round % 3 == 1, let victim = revisions.keys.randomElement(using: &generator) {
                    revisions[victim] = nil
                    try FileManager.default.removeItem(atPath: sandbox.path + "/" + Self.path(victim))
                }
                if round % 2 == 0 {
                    revisions[next] = 0
                    try sandbox.write(Self.path(next), Self.post(next, revision: 0))
                    next += 1
                }
                try await Task.sleep(for: .milliseconds(Int(Double.random(in: 0.2...1.2, using: &generator) * window * 1000)))
                daemon.signal(SIGKILL)
                _ = await daemon.waitForExit(timeout: .seconds(5))
                // In the middle of a run: changes had settled (or the start-up
                // reconcile began) and no run summary followed.
                let log = daemon.log
                let lastStart = max(log.range(of: "settled:", options: .backwards)?.lowerBound.utf16Offset(in: log) ?? -1,
                                    log.range(of: "configuration:", options: .backwards)?.lowerBound.utf16Offset(in: log) ?? -1)
                let lastEnd = max(log.range(of: "published: built", options: .backwards)?.lowerBound.utf16Offset(in: log) ?? -1,
                                  log.range(of: "reconciled: built", options: .backwards)?.lowerBound.utf16Offset(in: log) ?? -1)
                if lastStart > lastEnd {
                    midRun += 1
                } else if lastStart < 0 || !log.contains("settled:") && round % 3 != 0 {
                    window *= 1.5
                } else {
                    window *= 0.8
                }
                try? FileManager.default.removeItem(atPath: daemon.logPath)
            }
            print("watch crash test: \(midRun) of \(rounds) kills landed in the middle of a run")
            #expect(midRun >= 3, "too few kills landed while publishing to prove anything")

            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady(timeout: .seconds(60)))
            #expect(await daemon.terminate() == 0)

            let reference = try Site("watch-crash-reference")
            try reference.write("quire.yaml", Self.config)
            for (n, revision) in revisions { try reference.write(Self.path(n), Self.post(n, revision: revision)) }
            #expect(try reference.quire("build", "--quiet").status == 0)
            for target in Self.targets {
                let got = Site.tree(atPath: sandbox.path + "/" + target)
                let want = reference.tree(target)
                #expect(got.keys.sorted() == want.keys.sorted(), "\(target): different files or folders")
                for (name, bytes) in want where got[name] != bytes {
                    Issue.record("\(target)/\(name) differs from a clean build")
                }
                #expect(!got.keys.contains { $0.contains(".quire-tmp-") }, "\(target) holds a temporary file")
            }
            #expect(!sandbox.files(under: ".quire").contains { $0.contains(".quire-tmp-") })
        }
    }
}
