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

    /// Flushes every folder still present; the first failure is thrown
    /// after trying them all.
    public func flush() throws(FileSystemError) {
        var first: FileSystemError?
        for folder in folders.sorted() {
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
