#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Testing
@testable import QuireWatch

@Suite struct FileWatcherTests {
    @Test func seesWritesRenamesAndDeletes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let watcher = try FileWatcher(roots: [folder.path])
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        let p = folder.path
        try folder.write("a.md", "one")
        #expect(await log.waitFor { _ in log.contains(.created, p + "/a.md") && log.contains(.written, p + "/a.md") })
        #expect(rename(p + "/a.md", p + "/b.md") == 0)
        #expect(await log.waitFor { _ in log.contains(.removed, p + "/a.md") && log.contains(.written, p + "/b.md") })
        #expect(unlink(p + "/b.md") == 0)
        #expect(await log.waitFor { _ in log.contains(.removed, p + "/b.md") })
    }

    /// `mkdir -p a/b && echo > a/b/c.md`: the file may be written before the
    /// watch on `a/b` exists; the scan of the new folder finds it.
    @Test func newNestedFoldersAreWatchedAndScanned() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let watcher = try FileWatcher(roots: [folder.path])
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        for i in 0..<20 {
            try folder.write("\(2000 + i)/a/b/c.md", "deep")   // numbered folders, as blogs have
        }
        let all = (0..<20).map { folder.path + "/\(2000 + $0)/a/b/c.md" }
        #expect(await log.waitFor { _ in all.allSatisfy { log.contains(.written, $0) } })
        // And later writes inside the new folders are seen through their own watches.
        try folder.write("2003/a/b/d.md", "later")
        #expect(await log.waitFor { _ in log.contains(.written, folder.path + "/2003/a/b/d.md") })
    }

    @Test func folderMovedOutIsRemovedAndUnwatched() async throws {
        let folder = try TemporaryFolder()
        let outside = try TemporaryFolder()
        defer { folder.remove(); outside.remove() }
        try folder.write("sub/x.md", "x")
        let watcher = try FileWatcher(roots: [folder.path])
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        #expect(rename(folder.path + "/sub", outside.path + "/sub") == 0)
        #expect(await log.waitFor { _ in log.all.contains(FileEvent(.removed, folder.path + "/sub", isDirectory: true)) })
        // Writes in the moved-away folder must not be reported under the old path.
        try await Task.sleep(for: .milliseconds(60))
        try outside.write("sub/y.md", "y")
        try await Task.sleep(for: .milliseconds(100))
        #expect(!log.all.contains { $0.path.hasSuffix("/y.md") })
    }

    @Test func folderRenamedWithinTreeKeepsWorking() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("old/x.md", "x")
        let watcher = try FileWatcher(roots: [folder.path])
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        #expect(rename(folder.path + "/old", folder.path + "/new") == 0)
        #expect(await log.waitFor { _ in log.contains(.written, folder.path + "/new/x.md") })
        try await Task.sleep(for: .milliseconds(50))
        try folder.write("new/y.md", "y")
        #expect(await log.waitFor { _ in log.contains(.written, folder.path + "/new/y.md") })
    }

    @Test func rootDeletedAndRecreatedIsScannedAgain() async throws {
        let parent = try TemporaryFolder()
        defer { parent.remove() }
        let root = parent.path + "/posts"
        try parent.write("posts/a.md", "a")
        let watcher = try FileWatcher(roots: [root])
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        try FileManager.default.removeItem(atPath: root)
        #expect(await log.waitFor { _ in log.contains(.rootGone, root) })
        try parent.write("posts/b.md", "b")
        #expect(await log.waitFor { _ in log.contains(.written, root + "/b.md") })
    }

    /// A root that is a symbolic link (`/srv/posts -> /data/posts`) is
    /// followed, and events keep the configured name.
    @Test func rootThatIsALinkIsFollowed() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/real", withIntermediateDirectories: true)
        #expect(symlink(folder.path + "/real", folder.path + "/link") == 0)
        let watcher = try FileWatcher(roots: [folder.path + "/link"])
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        try folder.write("real/a.md", "a")
        #expect(await log.waitFor { _ in log.contains(.written, folder.path + "/link/a.md") })
    }

    /// A tiny queue cannot be set without root, so the overflow record is fed
    /// to the decoder directly: the folders created meanwhile get watches
    /// and a rescan is asked for.
    @Test func queueOverflowRewatchesAndAsksForRescan() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        #expect(fd >= 0)
        defer { close(fd) }
        var emitted: [FileEvent] = []
        let tree = InotifyTree(fd: fd, roots: [folder.path], logger: Logger(label: "test"),
                               emit: { emitted.append($0) }, fallBackToPolling: { _, _ in })
        tree.watchRoots()
        // Created while "events were lost": never read from the descriptor.
        try folder.write("lost/deeper/p.md", "p")
        #expect(!tree.watchedFolders.contains(folder.path + "/lost/deeper"))
        var record = [UInt8](repeating: 0, count: 16)
        record.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: Int32(-1), toByteOffset: 0, as: Int32.self)
            raw.storeBytes(of: UInt32(IN_Q_OVERFLOW), toByteOffset: 4, as: UInt32.self)
        }
        record.withUnsafeBytes { tree.handle($0, now: 0) }
        #expect(emitted.contains(FileEvent(.rescan, "")))
        #expect(tree.watchedFolders.contains(folder.path + "/lost/deeper"))
    }

    /// Out of watches (`ENOSPC`, simulated with a limit of 2): the trees that
    /// could not be watched are polled, and their files are still seen.
    @Test func outOfWatchesFallsBackToPolling() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a/x.md", "x")
        try folder.write("b/y.md", "y")
        let watcher = try FileWatcher(roots: [folder.path], pollInterval: .milliseconds(50), watchLimit: 2)
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        try await Task.sleep(for: .milliseconds(60))
        try folder.write("a/x.md", "changed")
        try folder.write("b/y.md", "changed")
        try folder.write("b/new/z.md", "new")
        let expected = ["/a/x.md", "/b/y.md", "/b/new/z.md"].map { folder.path + $0 }
        #expect(await log.waitFor(timeout: .seconds(60)) { _ in expected.allSatisfy { log.contains(.written, $0) } })
    }
}

@Suite struct PollingWatcherTests {
    @Test func snapshotDiffReportsSettledChangesAndRemovals() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a.md", "a")
        var snapshotter = Snapshotter(roots: [folder.path])
        #expect(snapshotter.poll().isEmpty)   // the first snapshot is the baseline
        try folder.write("b.md", "b")
        try folder.write("sub/c.md", "c")
        // Seen changing: held until stable for one interval.
        #expect(Set(snapshotter.poll()) == [FileEvent(.created, folder.path + "/b.md"),
                                             FileEvent(.created, folder.path + "/sub/c.md")])
        #expect(Set(snapshotter.poll()) == [FileEvent(.written, folder.path + "/b.md"),
                                             FileEvent(.written, folder.path + "/sub/c.md")])
        #expect(snapshotter.poll().isEmpty)
        try FileManager.default.removeItem(atPath: folder.path + "/sub")
        try FileManager.default.removeItem(atPath: folder.path + "/a.md")
        #expect(Set(snapshotter.poll()) == [FileEvent(.removed, folder.path + "/a.md"),
                                             FileEvent(.removed, folder.path + "/sub/c.md"),
                                             FileEvent(.removed, folder.path + "/sub", isDirectory: true)])
        try FileManager.default.removeItem(atPath: folder.path)
        #expect(snapshotter.poll().contains(FileEvent(.rootGone, folder.path, isDirectory: true)))
    }

    @Test func pollingWatcherRunsOnItsInterval() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let watcher = PollingWatcher(roots: [folder.path], interval: .milliseconds(20))
        defer { watcher.stop() }
        let log = EventLog(watcher.events)
        try folder.write("p.md", "p")
        // Generous: this test's own waiting runs on the shared task pool, which
        // other tests that block it can starve for a while.
        #expect(await log.waitFor(timeout: .seconds(60)) { _ in log.contains(.written, folder.path + "/p.md") })
    }
}
