import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Folders whose entries changed (a rename, a new folder, a deletion) and
/// still need flushing. A run flushes each one once, before its manifest
/// lands, instead of once per file: a thousand pages in one target folder
/// cost one flush of that folder, not a thousand.
public final class FolderSyncs {
    public private(set) var folders: Set<String> = []

    public init() {}

    public func add(_ folder: String) {
        folders.insert(folder)
    }

    /// Takes over another set's folders (a `CommitLane`'s, kept apart while
    /// the lanes ran at once).
    func take(_ other: FolderSyncs) {
        folders.formUnion(other.folders)
        other.folders = []
    }

    /// Flushes every folder still present; the first failure is thrown
    /// after trying them all. Many folders on one file system (a full
    /// build of pages in `<permalink>/index.html` touches a thousand) are
    /// flushed with one `syncfs` instead of one `fsync` each.
    public func flush() throws(FileSystemError) {
        var first: FileSystemError?
        var remaining = folders
        if folders.count >= AtomicBatch.syncfsThreshold {
            var byDevice: [UInt64: [String]] = [:]
            for folder in folders {
                var info = stat()
                guard stat(folder.isEmpty ? "." : folder, &info) == 0 else { continue }
                byDevice[UInt64(info.st_dev), default: []].append(folder)
            }
            for (_, group) in byDevice where group.count >= AtomicBatch.syncfsThreshold {
                let fd = open(group[0].isEmpty ? "." : group[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                if AtomicFile.syncFileSystem(of: fd) { remaining.subtract(group) }
                close(fd)
            }
        }
        for folder in remaining.sorted() {
            do {
                try AtomicFile.syncFolder(folder)
            } catch where error.code == ENOENT || error.code == ENOTDIR {
                continue
            } catch {
                if first == nil { first = error }
            }
        }
        folders = []
        if let first { throw first }
    }
}
