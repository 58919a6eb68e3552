#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Watches by comparing `lstat` snapshots every `interval`: for network file
/// systems (`--poll`) and for trees inotify cannot watch (out of watches).
///
/// Polling cannot see a file being closed, so a changed file is first
/// reported as `.created` (the debouncer holds it) and as `.written` once its
/// size and times have stayed the same for one interval: a slow writer is
/// converted once, after it stops writing.
public final class PollingWatcher: Watcher {
    public let events: AsyncStream<FileEvent>
    private let continuation: AsyncStream<FileEvent>.Continuation
    private let signal = StopSignal()

    /// - shallowRoots: folders polled without the folders below them.
    public convenience init(roots: [String], shallowRoots: [String] = [], interval: Duration) {
        self.init(roots: roots, shallowRoots: shallowRoots, interval: interval, forward: nil)
    }

    /// With `forward`, events go there instead of `events` (the inotify
    /// watcher's own stream, for a tree it could not watch).
    init(roots: [String], shallowRoots: [String] = [], interval: Duration,
         forward: (@Sendable (FileEvent) -> Void)?) {
        (events, continuation) = AsyncStream.makeStream(of: FileEvent.self)
        // The first snapshot is taken now, before the caller's initial
        // reconcile, so that nothing changed during the reconcile is missed.
        var state = Snapshotter(roots: roots.map(FileWatcher.normalize), shallowRoots: shallowRoots.map(FileWatcher.normalize))
        _ = state.poll()
        let box = UncheckedBox(state)
        let continuation = continuation, signal = signal
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        // A thread of its own: stat calls on a slow network file system block,
        // and must not hold up the tasks that publish.
        let thread = Thread {
            var state = box.value
            while !signal.sleep(seconds: seconds) {
                for event in state.poll() {
                    if let forward { forward(event) } else { continuation.yield(event) }
                }
            }
            continuation.finish()
        }
        thread.name = "quire.poll"
        thread.start()
    }

    public func stop() { signal.stop() }

    deinit { stop() }
}

/// The snapshot-diff state of one polling watcher; a value, so it can be
/// driven step by step in tests.
struct Snapshotter: Sendable {
    let roots: [String]
    let shallowRoots: [String]
    private(set) var current: [String: FileStatus] = [:]
    /// Files seen changing, waiting to be stable for one interval.
    private var unsettled: [String: FileStatus] = [:]
    private var missingRoots: Set<String> = []
    private var started = false

    init(roots: [String], shallowRoots: [String] = []) {
        self.roots = roots
        self.shallowRoots = shallowRoots
    }

    mutating func poll() -> [FileEvent] {
        var next: [String: FileStatus] = [:]
        var events: [FileEvent] = []
        for root in roots + shallowRoots {
            if FileStatus.isFolderRoot(root) {
                missingRoots.remove(root)
                Snapshotter.walk(root, into: &next, recursive: !shallowRoots.contains(root))
            } else if started, !missingRoots.contains(root) {
                missingRoots.insert(root)
                events.append(FileEvent(.rootGone, root, isDirectory: true))
            } else {
                missingRoots.insert(root)
            }
        }
        defer { current = next; started = true }
        guard started else { return [] }

        for (path, status) in next.sorted(by: { $0.key < $1.key }) where status.kind != .directory {
            let old = current[path]
            if old == status {
                // Unchanged since the last poll: if it was changing, it has settled.
                if unsettled.removeValue(forKey: path) != nil { events.append(FileEvent(.written, path)) }
            } else {
                if unsettled[path] == nil { events.append(FileEvent(.created, path)) }
                unsettled[path] = status
            }
        }
        for (path, status) in current.sorted(by: { $0.key < $1.key }) where next[path] == nil {
            unsettled.removeValue(forKey: path)
            events.append(FileEvent(.removed, path, isDirectory: status.kind == .directory))
        }
        return events
    }

    static func walk(_ folder: String, into snapshot: inout [String: FileStatus], recursive: Bool = true) {
        guard let names = Directory.names(in: folder) else { return }
        for name in names where !PathFilter.isIgnored(folder: name) || !FileStatus.isDirectory(folder + "/" + name) {
            let path = folder + "/" + name
            guard let status = FileStatus(path: path) else { continue }
            snapshot[path] = status
            if status.kind == .directory && recursive { walk(path, into: &snapshot) }
        }
    }
}
