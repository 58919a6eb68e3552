import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `stat` says about a file, as git's index keeps it: device, inode,
/// size, modification and change time in nanoseconds. While it is the same,
/// the content hash recorded with it is trusted and the file is not read.
///
/// Any write changes the change time (and the modification time); setting
/// the modification time back (`touch -d`, `rsync -t`) changes the change
/// time too, and a file replaced by a rename has another inode. What this
/// cannot see: a file changed within one timestamp tick of the moment its
/// stamp was taken. That is the "racy" case, handled by `isSettled(before:)`
/// (see `PublishRun` and `Manifest.smudgeRacyStamps(writtenAt:)`).
public struct FileStamp: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Nanoseconds since the epoch.
    public var modified: Int64
    /// Nanoseconds since the epoch.
    public var changed: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
    }

    /// The stamp of the regular file at `path` (links followed), or nil.
    public static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }

    /// True when both times are before `time`: a later change to the file
    /// then shows as another stamp. A stamp at or after `time` is "racily
    /// clean": the file may have changed again within the same tick.
    public func isSettled(before time: Int64) -> Bool {
        modified < time && changed < time
    }

    /// The clock file times are taken from, in nanoseconds since the epoch.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Reads a file and stamps it. The stamp is nil when the file changed
    /// while it was read, or changed too recently to be trusted later
    /// (at or after `settledBefore`): then the next run reads it again.
    static func read(_ path: String, settledBefore: Int64) throws(FileSystemError) -> (bytes: [UInt8], stamp: FileStamp?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "read", code: errno) }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0 else { throw FileSystemError(path: path, operation: "read", code: errno) }
        var bytes = [UInt8](repeating: 0, count: max(0, Int(before.st_size)))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2))) }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: path, operation: "read", code: errno)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        var after = stat()
        guard fstat(fd, &after) == 0, (after.st_mode & S_IFMT) == S_IFREG else { return (bytes, nil) }
        let stamp = FileStamp(after)
        guard stamp == FileStamp(before), stamp.size == Int64(filled), stamp.isSettled(before: settledBefore) else {
            return (bytes, nil)
        }
        return (bytes, stamp)
    }
}
