#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

extension DaemonEndToEnd {
    /// The daemon's retry (a full comparison, half a second after a failure)
    /// must not read a post that is being saved: it waits until the save has
    /// settled and been published, so the post is read once, whole, and a
    /// broken one is reported once.
    @Suite struct WatchRetryTests {
        @Test func aRetryWaitsForASaveUnderWay() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())

            // a.md fails: a retry follows in 500 ms.
            try sandbox.sh("printf '# A\\n\\n\\377\\n' > Watch/a.md")
            #expect(await eventually { daemon.log.contains("retrying in 500 ms") })
            // Meanwhile b.md is created and held open, empty, across the retry;
            // then its bytes are written and it is closed.
            try sandbox.sh("(exec 3>Watch/b.md; sleep 1.5; printf '# B\\n\\n\\377\\n' >&3) >/dev/null 2>&1 &")
            #expect(await eventually(timeout: .seconds(10)) { daemon.log.contains("Watch/b.md:3: the file is not valid UTF-8") })
            try? await Task.sleep(for: .milliseconds(700))
            #expect(await daemon.terminate() == 0)
            for post in ["a.md", "b.md"] {
                let lines = daemon.log.split(separator: "\n").filter { $0.contains(" ERROR ") && $0.contains("Watch/\(post)") }
                #expect(lines.count == 1 && lines[0].hasSuffix(":3: the file is not valid UTF-8"), "\(post): \(lines)\n\(daemon.log)")
            }
        }
    }
}
