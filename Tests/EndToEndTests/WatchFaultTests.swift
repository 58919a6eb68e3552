#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

extension DaemonEndToEnd {
    /// Faults the daemon meets in months of running: each is reported, retried,
    /// and converges once the fault is gone, with nothing lost or torn.
    @Suite struct WatchFaultTests {
        /// Read-only and full targets are real mounts (a small tmpfs), which needs
        /// root; elsewhere these tests say so and pass.
        static let canMount: Bool = {
            guard getuid() == 0 else { return false }
            let probe = NSTemporaryDirectory() + "quire-mount-probe-\(getpid())"
            try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: probe) }
            guard run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe) == 0 else { return false }
            return run("umount", probe) == 0
        }()

        @discardableResult
        static func run(_ arguments: String...) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }

        func noTemporaryFiles(_ sandbox: WatchSandbox) -> Bool {
            !(sandbox.files(under: "Output") + sandbox.files(under: ".quire")).contains { $0.contains(".quire-tmp-") }
        }

        @Test func readOnlyTargetIsRetriedUntilWritable() async throws {
            guard Self.canMount else { print("skipped readOnlyTargetIsRetriedUntilWritable: needs root to mount a tmpfs"); return }
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let target = sandbox.path + "/Output/html"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            #expect(Self.run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", target) == 0)
            defer { Self.run("umount", "-l", target) }
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "version one"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            #expect(sandbox.page("post")?.contains("version one") == true)

            #expect(Self.run("mount", "-o", "remount,ro", target) == 0)
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "version two"))
            #expect(await eventually { daemon.log.contains("retrying in") })
            #expect(daemon.log.lowercased().contains("read-only"), "\(daemon.log)")
            #expect(daemon.notify?.messages.last?.contains("last error") == true)
            // The last good page stays, whole.
            #expect(sandbox.page("post")?.contains("version one") == true)

            #expect(Self.run("mount", "-o", "remount,rw", target) == 0)
            // No new save: the retry alone converges.
            #expect(await eventually(timeout: .seconds(15)) { sandbox.page("post")?.contains("version two") == true })
            // Once the run that converged is over (its manifest saved), nothing temporary is left.
            #expect(await eventually(timeout: .seconds(2)) { noTemporaryFiles(sandbox) },
                    "\(sandbox.files(under: "Output") + sandbox.files(under: ".quire"))\n\(daemon.log)")
            #expect(await daemon.terminate() == 0)
        }

        @Test func fullTargetIsRetriedUntilThereIsRoom() async throws {
            guard Self.canMount else { print("skipped fullTargetIsRetriedUntilThereIsRoom: needs root to mount a tmpfs"); return }
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let target = sandbox.path + "/Output/html"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            #expect(Self.run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", target) == 0)
            defer { Self.run("umount", "-l", target) }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())

            // Fill the target, then save a post.
            _ = try sandbox.sh("dd if=/dev/zero of=Output/html/filler bs=4k 2>/dev/null; true")
            try sandbox.write("Watch/big.md", WatchSandbox.post("Big", String(repeating: "A sentence that takes room. ", count: 400)))
            #expect(await eventually { daemon.log.contains("retrying in") })
            #expect(daemon.log.contains("No space left"), "\(daemon.log)")
            #expect(sandbox.page("big") == nil)
            #expect(noTemporaryFiles(sandbox), "a failed write left a temporary file")

            try FileManager.default.removeItem(atPath: target + "/filler")
            #expect(await eventually(timeout: .seconds(15)) { sandbox.page("big")?.contains("</html>") == true })
            // Once the run that converged is over (its manifest saved), nothing temporary is left.
            #expect(await eventually(timeout: .seconds(2)) { noTemporaryFiles(sandbox) },
                    "\(sandbox.files(under: "Output") + sandbox.files(under: ".quire"))\n\(daemon.log)")
            #expect(await daemon.terminate() == 0)
        }

        @Test func unwritableStateFolderIsRetried() async throws {
            guard Self.canMount else { print("skipped unwritableStateFolderIsRetried: needs root to mount a tmpfs"); return }
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let state = sandbox.path + "/.quire"
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            #expect(Self.run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", state) == 0)
            defer { Self.run("umount", "-l", state) }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())

            #expect(Self.run("mount", "-o", "remount,ro", state) == 0)
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "during the fault"))
            #expect(await eventually { daemon.log.contains("retrying in") })
            #expect(daemon.log.contains("state folder"), "\(daemon.log)")

            #expect(Self.run("mount", "-o", "remount,rw", state) == 0)
            #expect(await eventually(timeout: .seconds(15)) {
                sandbox.page("post")?.contains("during the fault") == true && sandbox.read(".quire/manifest")?.contains("post.md") == true
            })
            #expect(await daemon.terminate() == 0)
        }

        /// The source folder deleted: outputs are kept (a folder being moved or
        /// remounted must not take the site down). Recreated: it is compared with
        /// the manifest again.
        @Test func sourceFolderDeletedAndRecreated() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            try sandbox.write("Watch/old.md", WatchSandbox.post("Old", "old text"))
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())

            try FileManager.default.removeItem(atPath: sandbox.path + "/Watch")
            #expect(await eventually { daemon.notify?.messages.last?.contains("source folder does not exist") == true },
                    "\(daemon.notify?.messages ?? [])\n\(daemon.log)")
            #expect(daemon.notify?.messages.contains { $0.contains("Watch is gone") } == true)
            try await Task.sleep(for: .milliseconds(200))
            #expect(sandbox.page("old")?.contains("old text") == true)

            try sandbox.write("Watch/new.md", WatchSandbox.post("New", "new text"))
            #expect(await eventually { sandbox.page("new")?.contains("new text") == true && sandbox.page("old") == nil })
            #expect(await daemon.terminate() == 0)
        }

        /// The configuration file deleted: reported, the running configuration
        /// kept and working; restored: reloaded.
        @Test func configurationDeletedWhileRunning() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())

            try FileManager.default.removeItem(atPath: sandbox.path + "/quire.yaml")
            #expect(await eventually { daemon.log.contains("configuration file was deleted") })
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "published anyway"))
            #expect(await eventually { sandbox.page("post")?.contains("published anyway") == true })

            try sandbox.write("quire.yaml", WatchSandbox.htmlConfig.replacingOccurrences(of: "Output/html", with: "Output/restored"))
            #expect(await eventually { sandbox.read("Output/restored/post/index.html")?.contains("published anyway") == true })
            #expect(await daemon.terminate() == 0)
        }
    }
}
