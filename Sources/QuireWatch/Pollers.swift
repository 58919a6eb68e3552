import Synchronization

/// The polling watchers standing in for trees inotify could not watch
/// (out of watches), feeding the inotify watcher's own stream.
final class Pollers: Sendable {
    private let watchers = Mutex<[PollingWatcher]>([])

    func start(_ folder: String, scan: Bool, interval: Duration, into continuation: AsyncStream<FileEvent>.Continuation) {
        let poller = PollingWatcher(roots: [folder], interval: interval, forward: { continuation.yield($0) })
        watchers.withLock { $0.append(poller) }
        if scan {
            // A folder that appeared while running may have been filled before
            // polling took its first snapshot.
            var files: [String: FileStatus] = [:]
            Snapshotter.walk(folder, into: &files)
            for (path, status) in files.sorted(by: { $0.key < $1.key }) where status.kind != .directory {
                continuation.yield(FileEvent(.written, path))
            }
        }
    }

    func stopAll() {
        for watcher in watchers.withLock({ $0 }) { watcher.stop() }
    }
}
