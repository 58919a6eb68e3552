import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Many files that each land whole or not at all, with one flush for the
/// lot instead of one per file. The promise is `AtomicFile`'s: a reader
/// sees the old file or the new one, and after a power cut no file is
/// torn or empty. What makes a rename safe is that the new file's bytes
/// are on disk *before* the rename; nothing requires each file to be
/// flushed on its own. So a batch goes in three steps:
///
/// 1. `stage`: every file's bytes go into a temporary file beside its
///    destination (`.quire-tmp-…`, swept at start-up if a crash leaves it),
///    or in a folder above it when the destination's folder is not made
///    yet (the caller makes it before the commit);
/// 2. `flush`: all of them reach the disk: one `syncfs()` per file system
///    for a large batch (one device flush for a thousand files, where
///    `fsync` per file costs a thousand), `fsync` per file for a small one
///    (`syncfs` would also wait for every other program's dirty data on
///    that file system, too much to publish one post);
/// 3. `commit`: each temporary file is renamed over its destination, in the
///    order staged (images before their page); the folders are flushed
///    once, later, through `FolderSyncs`.
///
/// A crash before step 3 leaves only temporary files; during step 3, only
/// whole files, already on disk.
public final class AtomicBatch {
    /// A staged file: its temporary name and where it goes.
    public struct Staged: Sendable {
        public var temporary: String
        public var destination: String
    }

    /// At least this many files: one `syncfs()` per file system.
    public static let syncfsThreshold = 32

    /// A test hook: with `QUIRE_TESTING=1` and `QUIRE_TEST_WRITE_PAUSE_MS=N`,
    /// every staged file and every rename waits N ms, so the crash tests'
    /// kills can land inside the (otherwise very short) write window.
    static let testPause: useconds_t = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["QUIRE_TESTING"] == "1",
              let milliseconds = environment["QUIRE_TEST_WRITE_PAUSE_MS"].flatMap(UInt32.init) else { return 0 }
        return milliseconds * 1000
    }()

    /// Staged files not yet committed or discarded, with their open
    /// descriptors in a small batch (for `fsync`), else -1.
    private var pending: [(staged: Staged, fd: Int32)] = []
    private let keepOpen: Bool

    /// - Parameter expected: how many files the caller means to stage; a
    ///   small batch keeps its files open to `fsync` each one.
    public init(expected: Int) {
        keepOpen = expected < Self.syncfsThreshold
    }

    deinit {
        for file in pending where file.fd >= 0 { close(file.fd) }
    }

    /// Writes `bytes` to a new temporary file beside `path`, or in `folder`
    /// (on the same file system: the commit renames it across). Not
    /// visible at `path` until committed.
    public func stage(_ bytes: [UInt8], to path: String, stagingIn folder: String? = nil) throws(FileSystemError) -> Staged {
        let (parent, name) = Self.split(path)
        let temporary = (folder ?? parent) + "/" + AtomicFile.temporaryName(for: name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "write", code: errno) }
        if let failure = AtomicFile.writeAll(bytes, to: fd, path: path) {
            close(fd)
            unlink(temporary)
            throw failure
        }
        if !keepOpen, close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw FileSystemError(path: path, operation: "write", code: code)
        }
        let staged = Staged(temporary: temporary, destination: path)
        pending.append((staged, keepOpen ? fd : -1))
        if Self.testPause > 0 { usleep(Self.testPause) }
        return staged
    }

    /// Puts every staged file's bytes on disk. On failure nothing should be
    /// committed: the caller discards the batch.
    public func flush() throws(FileSystemError) {
        defer {
            for index in pending.indices where pending[index].fd >= 0 {
                close(pending[index].fd)
                pending[index].fd = -1
            }
        }
        if keepOpen {
            for (staged, fd) in pending where fsync(fd) != 0 {
                throw FileSystemError(path: staged.destination, operation: "flush", code: errno)
            }
            return
        }
        // One descriptor per file system is enough for syncfs; a folder's
        // files share its device, so a thousand files in one folder cost
        // one stat, not a thousand.
        var done: Set<UInt64> = []
        var folders: Set<String> = []
        for (staged, _) in pending {
            guard folders.insert(Self.split(staged.temporary).folder).inserted else { continue }
            var info = stat()
            guard stat(staged.temporary, &info) == 0 else {
                throw FileSystemError(path: staged.destination, operation: "flush", code: errno)
            }
            guard done.insert(UInt64(info.st_dev)).inserted else { continue }
            let fd = open(staged.temporary, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystemError(path: staged.destination, operation: "flush", code: errno) }
            defer { close(fd) }
            // syncfs reports write-back errors since Linux 5.8; where it is
            // refused, fall back to flushing each file of this file system.
            if !AtomicFile.syncFileSystem(of: fd) {
                try fsyncEach(onDevice: info.st_dev)
            }
        }
    }

    private func fsyncEach(onDevice device: dev_t) throws(FileSystemError) {
        for (staged, _) in pending {
            var info = stat()
            guard stat(staged.temporary, &info) == 0, info.st_dev == device else { continue }
            let fd = open(staged.temporary, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystemError(path: staged.destination, operation: "flush", code: errno) }
            defer { close(fd) }
            if fsync(fd) != 0 { throw FileSystemError(path: staged.destination, operation: "flush", code: errno) }
        }
    }

    /// Renames a flushed file over its destination (whose folder must
    /// exist by now); the folders are flushed later, once, through
    /// `folderSyncs`.
    public func commit(_ staged: Staged, folderSyncs: FolderSyncs) throws(FileSystemError) {
        if rename(staged.temporary, staged.destination) != 0 {
            let code = errno
            unlink(staged.temporary)
            throw FileSystemError(path: staged.destination, operation: "replace", code: code)
        }
        let from = Self.split(staged.temporary).folder
        let to = Self.split(staged.destination).folder
        folderSyncs.add(to)
        if from != to { folderSyncs.add(from) }
        if Self.testPause > 0 { usleep(Self.testPause) }
    }

    /// An absolute path's folder and name, split at its last slash (the
    /// paths here are made by quire, already clean): NSString's path
    /// methods cost more than the rename itself, three times per file.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.utf8.index(after: slash)...]))
    }

    /// Removes staged files that will not be committed.
    public func discard(_ staged: [Staged]) {
        let gone = Set(staged.map(\.temporary))
        for file in pending where gone.contains(file.staged.temporary) && file.fd >= 0 { close(file.fd) }
        pending.removeAll { gone.contains($0.staged.temporary) }
        for file in staged { unlink(file.temporary) }
    }
}
