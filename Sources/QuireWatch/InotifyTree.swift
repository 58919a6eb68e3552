#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// The bookkeeping behind `FileWatcher`: one inotify watch per folder under
/// each root, kept in step as folders appear, move and vanish, and the
/// decoding of the kernel's event records into `FileEvent`s.
///
/// Not thread-safe: `FileWatcher` confines it to its reader thread. Tests
/// drive it directly (they feed it records, including a queue overflow).
final class InotifyTree {
    /// The events we ask for, on folders only (`IN_ONLYDIR`), never following
    /// a symbolic link out of the tree (`IN_DONT_FOLLOW`).
    static let mask: UInt32 = UInt32(IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW)

    let fd: Int32
    let roots: [String]
    /// Roots watched without the folders below them (the configuration
    /// file's folder, which may hold the whole project).
    let shallowRoots: Set<String>
    private(set) var folders: [Int32: String] = [:]
    private var rootWatches: [Int32: String] = [:]
    private(set) var missingRoots: Set<String> = []
    /// Folders moved away, by cookie: if no moved-to with the same cookie
    /// follows shortly, they left the tree and their watches are removed.
    private var movedAway: [UInt32: (path: String, at: UInt64)] = [:]
    /// Trees handed to polling because inotify ran out of watches.
    private(set) var polledTrees: Set<String> = []
    private let emit: (FileEvent) -> Void
    private let fallBackToPolling: (_ folder: String, _ scan: Bool) -> Void
    private let logger: Logger
    /// Simulates the kernel's `max_user_watches` for tests (`nil`: the kernel's).
    private let watchLimit: Int?
    private var reportedLimit = false

    init(fd: Int32, roots: [String], shallowRoots: Set<String> = [], logger: Logger, watchLimit: Int? = nil,
         emit: @escaping (FileEvent) -> Void, fallBackToPolling: @escaping (_ folder: String, _ scan: Bool) -> Void) {
        self.fd = fd
        self.roots = roots
        self.shallowRoots = shallowRoots
        self.logger = logger
        self.watchLimit = watchLimit
        self.emit = emit
        self.fallBackToPolling = fallBackToPolling
    }

    var hasPendingMoves: Bool { !movedAway.isEmpty }
    var watchedFolders: Set<String> { Set(folders.values) }

    /// Watches every root that exists; the others are looked for again by
    /// `lookForMissingRoots()`.
    func watchRoots() {
        for root in roots {
            if FileStatus.isFolderRoot(root) {
                if let wd = watchTree(root, scan: false) { rootWatches[wd] = root }
            } else {
                missingRoots.insert(root)
                logger.warning("\(root): folder not found; watching for it to appear")
            }
        }
    }

    /// A root that came back (recreated, remounted) is watched and scanned.
    func lookForMissingRoots() {
        for root in missingRoots.sorted() where FileStatus.isFolderRoot(root) {
            missingRoots.remove(root)
            logger.notice("\(root): folder is back; scanning it")
            if let wd = watchTree(root, scan: true) { rootWatches[wd] = root }
            // What was deleted while it was gone only a full comparison finds.
            emit(FileEvent(.rescan, root))
        }
    }

    /// Adds a watch to `folder` and every folder below it. With `scan`, every
    /// file found is reported as written: the folder may have been filled
    /// before its watch existed (`mkdir -p a/b && echo > a/b/c.md`). The watch
    /// is placed before the listing, so a file is seen by one or the other.
    @discardableResult
    func watchTree(_ folder: String, scan: Bool) -> Int32? {
        if polledTrees.contains(where: { folder == $0 || folder.hasPrefix($0 + "/") }) { return nil }
        guard let wd = addWatch(folder, scan: scan) else { return nil }
        guard let names = Directory.names(in: folder) else { return wd }
        let recursive = !shallowRoots.contains(folder)
        for name in names.sorted() {
            let path = folder + "/" + name
            guard let status = FileStatus(path: path) else { continue }
            if status.kind == .directory {
                if recursive && !PathFilter.isIgnored(folder: name) { watchTree(path, scan: scan) }
            } else if scan {
                emit(FileEvent(.written, path))
            }
        }
        return wd
    }

    private func addWatch(_ folder: String, scan: Bool) -> Int32? {
        let wd: Int32
        if let limit = watchLimit, folders.count >= limit, !folders.values.contains(folder) {
            wd = -1
            errno = ENOSPC
        } else {
            // A root named by the configuration may be a link; below it, links are not followed.
            let mask = roots.contains(folder) ? InotifyTree.mask & ~UInt32(IN_DONT_FOLLOW) : InotifyTree.mask
            wd = inotify_add_watch(fd, folder, mask)
        }
        if wd >= 0 {
            folders[wd] = folder
            return wd
        }
        let error = errno
        switch error {
        case ENOENT, ENOTDIR:
            break   // gone or replaced between listing and watching: its parent reports it
        case ENOSPC:
            if !reportedLimit {
                reportedLimit = true
                let current = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                logger.error("""
                    out of inotify watches (fs.inotify.max_user_watches = \(current)); polling \(folder) instead. \
                    Raise the limit: sysctl fs.inotify.max_user_watches=524288 \
                    (and add it to /etc/sysctl.d/90-quire.conf to keep it)
                    """)
            } else {
                logger.warning("out of inotify watches; polling \(folder) instead")
            }
            polledTrees.insert(folder)
            fallBackToPolling(folder, scan)
        default:
            logger.error("\(folder): cannot watch: \(String(cString: strerror(error)))")
        }
        return nil
    }

    /// Decodes a buffer of `struct inotify_event` records as `read(2)` returned them.
    func handle(_ buffer: UnsafeRawBufferPointer, now: UInt64) {
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= buffer.count {
            let wd = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            var name = ""
            if length > 0, offset + header + length <= buffer.count {
                let bytes = buffer[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }
                name = String(decoding: bytes, as: UTF8.self)
            }
            offset += header + length
            handle(wd: wd, mask: mask, cookie: cookie, name: name, now: now)
        }
    }

    func handle(wd: Int32, mask: UInt32, cookie: UInt32, name: String, now: UInt64) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            overflowed()
            return
        }
        guard let folder = folders[wd] else { return }   // a watch already removed
        let isDirectory = mask & UInt32(IN_ISDIR) != 0
        let path = name.isEmpty ? folder : folder + "/" + name

        if mask & UInt32(IN_IGNORED) != 0 {
            folders.removeValue(forKey: wd)
            if let root = rootWatches.removeValue(forKey: wd) { rootWent(root) }
            return
        }
        if mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_UNMOUNT)) != 0 {
            // A folder below a root is reported by its parent; a root is not.
            if let root = rootWatches[wd] {
                // Moved away, the inode is still watched: drop the whole tree.
                for (other, path) in folders where path == root || path.hasPrefix(root + "/") {
                    inotify_rm_watch(fd, other)
                    folders.removeValue(forKey: other)
                }
                rootWatches.removeValue(forKey: wd)
                rootWent(root)
            }
            return
        }
        if isDirectory {
            if PathFilter.isIgnored(folder: name) || shallowRoots.contains(folder) { return }
            if mask & UInt32(IN_CREATE) != 0 {
                watchTree(path, scan: true)
            } else if mask & UInt32(IN_MOVED_TO) != 0 {
                if cookie != 0 { movedAway.removeValue(forKey: cookie) }
                // A folder moved in (or within) keeps its inode's watches;
                // adding them again returns the same descriptors under the new path.
                watchTree(path, scan: true)
            } else if mask & UInt32(IN_MOVED_FROM) != 0 {
                movedAway[cookie] = (path, now)
                emit(FileEvent(.removed, path, isDirectory: true))
            } else if mask & UInt32(IN_DELETE) != 0 {
                emit(FileEvent(.removed, path, isDirectory: true))
            }
            return
        }
        if mask & UInt32(IN_CLOSE_WRITE) != 0 || mask & UInt32(IN_MOVED_TO) != 0 {
            emit(FileEvent(.written, path))
        } else if mask & UInt32(IN_CREATE) != 0 {
            // A new hard or symbolic link will never be closed after writing.
            if let status = FileStatus(path: path), status.kind == .symlink || status.links > 1 {
                emit(FileEvent(.written, path))
            } else {
                emit(FileEvent(.created, path))
            }
        } else if mask & (UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)) != 0 {
            // A moved-from file is gone from this path whether or not a
            // moved-to follows: the new name has its own event.
            emit(FileEvent(.removed, path))
        }
    }

    /// Folders moved away with no moved-to within `grace` nanoseconds left the
    /// tree: a deletion. Their inodes still carry our watches; remove them.
    func expireMoves(now: UInt64, grace: UInt64 = 20_000_000) {
        for (cookie, move) in movedAway where now &- move.at >= grace {
            movedAway.removeValue(forKey: cookie)
            for (wd, path) in folders where path == move.path || path.hasPrefix(move.path + "/") {
                inotify_rm_watch(fd, wd)
                folders.removeValue(forKey: wd)
            }
        }
    }

    /// The kernel dropped events: watch any folder we missed, and ask for a
    /// full comparison against the manifest.
    func overflowed() {
        logger.warning("inotify queue overflowed; rescanning everything")
        for root in roots where !missingRoots.contains(root) {
            if let wd = watchTree(root, scan: false) { rootWatches[wd] = root }
        }
        lookForMissingRoots()
        emit(FileEvent(.rescan, ""))
    }

    private func rootWent(_ root: String) {
        guard !missingRoots.contains(root) else { return }
        missingRoots.insert(root)
        logger.error("\(root): watched folder was deleted or moved; waiting for it to come back")
        emit(FileEvent(.rootGone, root, isDirectory: true))
    }
}
