#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

extension DaemonEndToEnd {
    /// `quire watch` keeps the targets equal to the source: renames, deletions,
    /// new folders, bursts, and what changed while it was not running.
    @Suite struct WatchLifecycleTests {
        @Test func renameUnpublishesOldAndPublishesNew() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            try sandbox.write("Watch/first.md", WatchSandbox.post("First", "first text"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            #expect(sandbox.page("first") != nil)

            try sandbox.sh("mv Watch/first.md Watch/second.md")
            #expect(await eventually { sandbox.page("second")?.contains("first text") == true && sandbox.page("first") == nil })
            #expect(daemon.unpublishCount("first.md") == 1)

            try sandbox.sh("rm Watch/second.md")
            #expect(await eventually { sandbox.page("second") == nil })
            #expect(sandbox.files(under: "Output/html").isEmpty)
            #expect(await daemon.terminate() == 0)
        }

        /// `mkdir -p a/b && write`: the file lands before the new folder's watch
        /// exists; the scan of new folders finds it. Folders moved in and out
        /// publish and unpublish what they hold.
        @Test func newNestedFoldersAndMovedFolders() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())

            try sandbox.sh("mkdir -p Watch/2026/11/deep && printf -- '---\\ntitle: Deep\\n---\\n\\ndeep text\\n' > Watch/2026/11/deep/deep.md")
            #expect(await daemon.expectPublished("2026/11/deep/deep.md", times: 1, page: "deep", containing: "deep text"))

            try sandbox.sh("mkdir -p outside/sub && printf -- '---\\ntitle: Moved\\n---\\n\\nmoved text\\n' > outside/sub/moved.md && mv outside/sub Watch/sub")
            #expect(await eventually { sandbox.page("moved")?.contains("moved text") == true })

            // A folder moved within the tree: the post's source path changes, its page stays.
            try sandbox.sh("mv Watch/sub Watch/renamed")
            #expect(await eventually { daemon.publishCount("renamed/moved.md") == 1 })
            #expect(sandbox.page("moved") != nil)
            // And its watches still work under the new name.
            try sandbox.sh("printf -- '---\\ntitle: Moved\\n---\\n\\nedited text\\n' > Watch/renamed/moved.md")
            #expect(await eventually { sandbox.page("moved")?.contains("edited text") == true })

            // Moved out of the tree: a deletion.
            try sandbox.sh("mv Watch/2026 outside/")
            #expect(await eventually { sandbox.page("deep") == nil })
            #expect(await daemon.terminate() == 0)
        }

        @Test func burstOfAThousandFiles() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            let started = ContinuousClock.now
            for i in 0..<1_000 {
                try sandbox.write("Watch/burst/p\(i).md", WatchSandbox.post("Burst \(i)", "number \(i)"))
            }
            let all = await eventually(timeout: .seconds(120)) {
                (try? FileManager.default.contentsOfDirectory(atPath: sandbox.path + "/Output/html"))?.count == 1_000
            }
            #expect(all)
            print("1,000 new posts published in \(ContinuousClock.now - started)")
            try await Task.sleep(for: .milliseconds(200))
            // Each one exactly once.
            let lines = daemon.log.split(separator: "\n").filter { $0.contains("published Watch/burst/") }
            #expect(lines.count == 1_000)
            #expect(sandbox.page("burst-999")?.contains("number 999") == true || sandbox.page("p999")?.contains("number 999") == true)
            #expect(await daemon.terminate() == 0)
        }

        /// What changed while the daemon was down is built; what was deleted is
        /// unpublished; what did not change is left alone.
        @Test func startReconcilesWithTheManifest() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            for name in ["keep", "change", "delete"] {
                try sandbox.write("Watch/\(name).md", WatchSandbox.post(name, "\(name) v1"))
            }
            var daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            #expect(await daemon.terminate() == 0)

            try sandbox.write("Watch/change.md", WatchSandbox.post("change", "change v2"))
            try FileManager.default.removeItem(atPath: sandbox.path + "/Watch/delete.md")
            try sandbox.write("Watch/new.md", WatchSandbox.post("new", "new v1"))
            daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            #expect(sandbox.page("change")?.contains("change v2") == true)
            #expect(sandbox.page("new")?.contains("new v1") == true)
            #expect(sandbox.page("delete") == nil)
            #expect(daemon.publishCount("keep.md") == 0)
            #expect(await daemon.terminate() == 0)
        }

        /// A real queue overflow, without root or a smaller sysctl: the daemon is
        /// stopped (SIGSTOP) while more events than the kernel queues
        /// (`fs.inotify.max_queued_events`, 16384 by default) happen, then the
        /// posts change, so that only the rescan can find those changes.
        @Test func queueOverflowRescansEverything() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            try sandbox.write("Watch/edited.md", WatchSandbox.post("Edited", "before"))
            try sandbox.write("Watch/deleted.md", WatchSandbox.post("Deleted", "doomed"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16384
            guard limit <= 100_000 else {
                print("skipped queueOverflowRescansEverything: max_queued_events is \(limit), too many events to make")
                _ = await daemon.terminate()
                return
            }

            daemon.signal(SIGSTOP)
            // Three events per file (create, close-write, delete), hidden names.
            for i in 0..<(limit / 3 + 1_000) {
                let path = sandbox.path + "/Watch/.flood-\(i)"
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                unlink(path)
            }
            try sandbox.write("Watch/edited.md", WatchSandbox.post("Edited", "after the overflow"))
            try FileManager.default.removeItem(atPath: sandbox.path + "/Watch/deleted.md")
            try sandbox.write("Watch/later/added.md", WatchSandbox.post("Added", "added while events were lost"))
            daemon.signal(SIGCONT)

            #expect(await eventually(timeout: .seconds(20)) {
                sandbox.page("edited")?.contains("after the overflow") == true && sandbox.page("deleted") == nil
                    && sandbox.page("added")?.contains("added while events were lost") == true
            }, "\(daemon.log)")
            #expect(daemon.log.contains("queue overflowed"), "\(daemon.log)")
            // The folder made while events were lost is watched from now on.
            try sandbox.write("Watch/later/second.md", WatchSandbox.post("Second", "seen by its watch"))
            #expect(await daemon.expectPublished("later/second.md", times: 1, page: "second", containing: "seen by its watch"))
            #expect(await daemon.terminate() == 0)
        }

        /// `--poll` (network file systems): the same results without inotify.
        @Test func pollingPublishesAndUnpublishes() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox, arguments: ["--poll", "100ms"])
            #expect(await daemon.waitUntilReady())
            #expect(daemon.log.contains("polling every"))
            try sandbox.write("Watch/polled.md", WatchSandbox.post("Polled", "polled text"))
            #expect(await daemon.expectPublished("polled.md", times: 1, page: "polled", containing: "polled text"))
            try sandbox.sh("rm Watch/polled.md")
            #expect(await eventually { sandbox.page("polled") == nil })
            #expect(await daemon.terminate() == 0)
        }

        /// A change to a template or an image rebuilds the posts that use it.
        @Test func imageChangeRebuildsThePostsThatUseIt() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                                0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89]
            try Data(png).write(to: URL(fileURLWithPath: sandbox.path + "/Watch/dot.png"))
            try sandbox.write("Watch/uses.md", WatchSandbox.post("Uses", "![a dot](dot.png)"))
            try sandbox.write("Watch/other.md", WatchSandbox.post("Other", "no image"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            // The publisher learns which images a post uses from the converter.
            guard sandbox.read(".quire/manifest")?.contains("dot.png") == true else {
                print("skipped imageChangeRebuildsThePostsThatUseIt: the converter does not report a post's images yet")
                _ = await daemon.terminate()
                return
            }
            let before = daemon.publishCount("uses.md")
            var changed = png
            changed[20] = 2
            try Data(changed).write(to: URL(fileURLWithPath: sandbox.path + "/Watch/dot.png"))
            #expect(await eventually { daemon.publishCount("uses.md") == before + 1 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(daemon.publishCount("other.md") == 1)
            #expect(await daemon.terminate() == 0)
        }

        @Test func templateChangeRebuildsEveryPost() async throws {
            let sandbox = try WatchSandbox(config: WatchSandbox.htmlConfig + "\ntemplates: Templates\n")
            defer { sandbox.remove() }
            try sandbox.write("Templates/page.mustache", "<!doctype html><title>{{title}}</title>{{{body}}}")
            try sandbox.write("Watch/one.md", WatchSandbox.post("One", "one"))
            try sandbox.write("Watch/two.md", WatchSandbox.post("Two", "two"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            #expect(daemon.publishCount("one.md") == 1 && daemon.publishCount("two.md") == 1)
            try sandbox.sh("printf '<!doctype html><title>{{title}}</title><main>{{{body}}}</main>' > Templates/page.mustache")
            #expect(await eventually { daemon.publishCount("one.md") == 2 && daemon.publishCount("two.md") == 2 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(daemon.publishCount("one.md") == 2)
            #expect(await daemon.terminate() == 0)
        }
    }
}
