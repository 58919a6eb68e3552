#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import QuirePublish
import Synchronization

/// Watches folders recursively with inotify and reports `FileEvent`s.
///
/// All watches for the roots are in place when `init` returns, so a caller
/// can reconcile first and then read `events` without missing anything that
/// changed meanwhile. The kernel's records are read on a dedicated thread
/// that sleeps in `poll(2)` on the inotify descriptor and a wake-up
/// descriptor for `stop()`.
public final class FileWatcher: Watcher {
    public enum Failure: Error, CustomStringConvertible {
        /// `inotify_init1` failed: `EMFILE` (too many inotify instances,
        /// `fs.inotify.max_user_instances`), `ENFILE`, `ENOMEM`.
        case cannotStart(errno: Int32)
        public var description: String {
            switch self {
            case .cannotStart(let code):
                let hint = code == EMFILE ? " (raise it with: sysctl fs.inotify.max_user_instances=1024)" : ""
                return "cannot start inotify: \(String(cString: strerror(code)))\(hint)"
            }
        }
    }

    public let events: AsyncStream<FileEvent>
    private let continuation: AsyncStream<FileEvent>.Continuation
    private let fd: Int32
    private let wakeFD: Int32   // the write end of the wake-up pipe
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var stopped = false
    }

    /// - Parameters:
    ///   - pollInterval: how often a tree inotify could not watch is polled.
    ///   - watchLimit: simulates `fs.inotify.max_user_watches` (tests only).
    ///   - shallowRoots: folders watched without the folders below them.
    public init(roots: [String], shallowRoots: [String] = [], logger: Logger = Logger(label: "quire.watch"),
                pollInterval: Duration = .seconds(2), watchLimit: Int? = nil) throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw Failure.cannotStart(errno: errno) }
        // stop() writes a byte into this pipe to wake the reader thread.
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            let code = errno
            close(fd)
            throw Failure.cannotStart(errno: code)
        }
        let wakeFD = pipeFDs[0]
        for end in pipeFDs { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        self.fd = fd
        self.wakeFD = pipeFDs[1]
        (events, continuation) = AsyncStream.makeStream(of: FileEvent.self)
        state = Mutex(State())

        let continuation = continuation
        let pollers = Pollers()
        let tree = InotifyTree(
            fd: fd, roots: (roots + shallowRoots).map(FileWatcher.normalize),
            shallowRoots: Set(shallowRoots.map(FileWatcher.normalize)), logger: logger, watchLimit: watchLimit,
            emit: { event in
                logger.trace("inotify: \(event)")
                continuation.yield(event)
            },
            fallBackToPolling: { folder, scan in
                pollers.start(folder, scan: scan, interval: pollInterval, into: continuation)
            })
        tree.watchRoots()
        let box = UncheckedBox(tree)
        let writeEnd = pipeFDs[1]
        let thread = Thread {
            FileWatcher.readLoop(tree: box.value, fd: fd, wakeFD: wakeFD)
            pollers.stopAll()
            close(fd)
            close(wakeFD)
            close(writeEnd)
            continuation.finish()
        }
        thread.name = "quire.inotify"
        thread.start()
    }

    /// Ends the stream; safe to call more than once.
    public func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeFD, &byte, 1)
    }

    deinit { stop() }

    private static func readLoop(tree: InotifyTree, fd: Int32, wakeFD: Int32) {
        // Big enough for hundreds of records per read; a record is 16 bytes
        // plus the name padded, at most NAME_MAX + 1.
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        while true {
            // Wake soon to settle a folder moved away, or now and then to
            // look for a root that disappeared; otherwise sleep until an event.
            let timeout: Int32 = tree.hasPendingMoves ? 20 : (tree.missingRoots.isEmpty ? -1 : 250)
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { break }
            if fds[1].revents != 0 { break }
            if fds[0].revents & Int16(POLLIN) != 0 {
                while true {
                    let count = read(fd, buffer.baseAddress, capacity)
                    if count <= 0 { break }   // EAGAIN: drained
                    tree.handle(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), now: Monotonic.nanoseconds())
                }
            }
            tree.expireMoves(now: Monotonic.nanoseconds())
            if !tree.missingRoots.isEmpty { tree.lookForMissingRoots() }
        }
    }

    /// Absolute and clean, lexically (a root that is a link keeps its own
    /// name), so event paths compare as strings with the configuration's.
    static func normalize(_ path: String) -> String {
        Paths.absolute(path, base: FileManager.default.currentDirectoryPath)
    }
}
