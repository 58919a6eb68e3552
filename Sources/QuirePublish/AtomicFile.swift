import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files that land whole or not at all. A reader polling a target sees the
/// old file or the new one, never a half-written or empty one, even if the
/// machine loses power: write a temporary file in the same folder, flush
/// it, rename it over the old one, flush the folder.
public enum AtomicFile {
    /// Every temporary file quire makes starts with this, so a sweep after
    /// a crash can recognise them and nothing else.
    public static let temporaryPrefix = ".quire-tmp-"

    public static func isTemporary(name: String) -> Bool {
        name.hasPrefix(temporaryPrefix)
    }

    /// Writes `bytes` to `path` atomically. The new file's mode is 0666
    /// less the umask, like any file a program creates. With `folderSyncs`
    /// the folder is flushed later, once for many files. `beforeRename`
    /// runs once the new bytes are on disk, just before they replace the
    /// old: what must be durable before the file lands waits there, and
    /// when it throws, the old file stays and its error is this write's.
    public static func write(_ bytes: [UInt8], to path: String, folderSyncs: FolderSyncs? = nil,
                             beforeRename: (() throws(FileSystemError) -> Void)? = nil) throws(FileSystemError) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = folder + "/" + temporaryName(for: name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "write", code: errno) }
        var failure = writeAll(bytes, to: fd, path: path)
        if failure == nil, fsync(fd) != 0 { failure = FileSystemError(path: path, operation: "flush", code: errno) }
        if close(fd) != 0, failure == nil { failure = FileSystemError(path: path, operation: "write", code: errno) }
        if failure == nil, let beforeRename {
            do { try beforeRename() } catch { failure = error }
        }
        if failure == nil, rename(temporary, path) != 0 {
            failure = FileSystemError(path: path, operation: "replace", code: errno)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
        if let folderSyncs { folderSyncs.add(folder) } else { try syncFolder(folder) }
    }

    /// Writes all of `bytes` to `fd`; the error names `path`.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) -> FileSystemError? {
        var failure: FileSystemError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileSystemError(path: path, operation: "write", code: errno)
                    return
                }
                offset += n
            }
        }
        return failure
    }

    /// Copies a file's bytes atomically (an image beside its page).
    public static func copy(file source: String, to path: String) throws(FileSystemError) {
        try write(try read(source), to: path)
    }

    public static func read(_ path: String) throws(FileSystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "read", code: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(path: path, operation: "read", code: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// True when `path` is a regular file holding exactly `bytes`: then a
    /// write would change nothing but the modification time.
    public static func holds(_ bytes: [UInt8], at path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.elementsEqual(bytes)
    }

    /// Creates the folders of `relative` below `root` (and `root` itself if
    /// missing). Returns the folders it created, relative to `root`,
    /// outermost first. A symbolic link or a file in the way is an error:
    /// following a link could write outside the target.
    @discardableResult
    public static func createFolders(_ relative: String, in root: String, rootChecked: Bool = false,
                                     folderSyncs: FolderSyncs? = nil) throws(FileSystemError) -> [String] {
        if !rootChecked { try createRoot(root) }
        var created: [String] = []
        var current = ""
        for part in relative.split(separator: "/") {
            current = Paths.join(current, String(part))
            let full = root + "/" + current
            if mkdir(full, 0o777) == 0 {
                created.append(current)
                let parent = (full as NSString).deletingLastPathComponent
                if let folderSyncs { folderSyncs.add(parent) } else { try syncFolder(parent) }
                continue
            }
            let code = errno
            guard code == EEXIST else { throw FileSystemError(path: full, operation: "create the folder", code: code) }
            try requireFolder(full)
        }
        return created
    }

    /// The deepest folder of `relative` below `root` that exists now
    /// (`root` itself, made if missing, when none below it does): where a
    /// file bound for `relative` can be staged before its folders are made.
    /// The folders that exist are checked as `createFolders` checks them: a
    /// symbolic link or a file in the way is an error.
    public static func deepestExistingFolder(_ relative: String, in root: String,
                                             rootChecked: Bool = false) throws(FileSystemError) -> String {
        if !rootChecked { try createRoot(root) }
        var current = root
        for part in relative.split(separator: "/") {
            let next = current + "/" + part
            var info = stat()
            guard lstat(next, &info) == 0 else {
                guard errno == ENOENT else { throw FileSystemError(path: next, operation: "create the folder", code: errno) }
                return current
            }
            if (info.st_mode & S_IFMT) != S_IFDIR { try requireFolder(next) }
            current = next
        }
        return current
    }

    /// The target folder and its parents, following links: the target's
    /// own path is the administrator's choice.
    private static func createRoot(_ root: String) throws(FileSystemError) {
        var current = ""
        for part in root.split(separator: "/") {
            current += "/" + part
            var info = stat()
            if stat(current, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw FileSystemError(path: root, operation: "write into the target",
                                          reason: "\(Paths.display(current)) is a file, not a folder")
                }
                continue
            }
            guard mkdir(current, 0o777) == 0 || errno == EEXIST else {
                throw FileSystemError(path: current, operation: "create the target folder", code: errno)
            }
        }
    }

    private static func requireFolder(_ path: String) throws(FileSystemError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw FileSystemError(path: path, operation: "create the folder", code: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return
        case S_IFLNK: throw FileSystemError(path: path, operation: "create the folder",
                                            reason: "a symbolic link is in the way (quire does not follow links inside a target)")
        default: throw FileSystemError(path: path, operation: "create the folder", reason: "a file is in the way")
        }
    }

    /// True when `relative` is a clean path (no `..`, `.` or empty part)
    /// whose folders below `root` are real folders, not links: then acting
    /// on it cannot reach outside `root`. Checked before every deletion,
    /// since a manifest or a target may have been tampered with.
    public static func staysInside(_ relative: String, root: String) -> Bool {
        guard let parts = Paths.containedComponents(relative), !parts.isEmpty,
              parts.joined(separator: "/") == relative else { return false }
        var current = root
        for part in parts.dropLast() {
            current += "/" + part
            var info = stat()
            guard lstat(current, &info) == 0 else { return errno == ENOENT }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        }
        return true
    }

    /// Deletes a file and flushes its folder. A file already gone is fine.
    public static func remove(_ path: String, folderSyncs: FolderSyncs? = nil) throws(FileSystemError) {
        if unlink(path) != 0 {
            guard errno == ENOENT else { throw FileSystemError(path: path, operation: "remove", code: errno) }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        if let folderSyncs { folderSyncs.add(folder) } else { try syncFolder(folder) }
    }

    /// Removes a folder if it is empty; true when it is gone afterwards.
    public static func removeFolderIfEmpty(_ path: String, folderSyncs: FolderSyncs? = nil) -> Bool {
        if rmdir(path) == 0 {
            let parent = (path as NSString).deletingLastPathComponent
            if let folderSyncs { folderSyncs.add(parent) } else { try? syncFolder(parent) }
            return true
        }
        return errno == ENOENT
    }

    /// Removes the temporary files a killed quire left below `root`, and
    /// returns their paths. Links are not followed.
    @discardableResult
    public static func sweep(_ root: String) -> [String] {
        // readdir's entry types spare an lstat per file: a target of a
        // thousand pages is swept at every start of quire build.
        var removed: [String] = []
        var folders = [root]
        while let folder = folders.popLast() {
            guard let dir = opendir(folder) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                let path = folder + "/" + name
                var kind = Int32(entry.pointee.d_type)
                if kind == Int32(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: kind = Int32(DT_DIR)
                    case S_IFREG: kind = Int32(DT_REG)
                    default: continue
                    }
                }
                if kind == Int32(DT_DIR) {
                    folders.append(path)
                } else if kind == Int32(DT_REG), isTemporary(name: name), unlink(path) == 0 {
                    removed.append(path)
                }
            }
        }
        return removed.sorted()
    }

    /// Flushes a folder's entries, so a rename or a new file survives a
    /// power cut.
    public static func syncFolder(_ path: String) throws(FileSystemError) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "open the folder", code: errno) }
        defer { close(fd) }
        // Some file systems cannot flush a folder; the rename is still atomic there.
        if fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            throw FileSystemError(path: path, operation: "flush the folder", code: errno)
        }
    }

    /// Flushes the whole file system `fd` is on (`syncfs`): every file and
    /// folder written there, by anyone. False when it cannot (then flush
    /// file by file).
    static func syncFileSystem(of fd: Int32) -> Bool {
        guard let syncfs = syncfsFunction else { return false }
        return syncfs(fd) == 0
    }

    /// glibc's `syncfs`, which Swift's Glibc module does not export (it is
    /// declared only under `_GNU_SOURCE`).
    private static let syncfsFunction: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()

    /// `.quire-tmp-<random>-<name>`, cut to the 255 bytes a name may hold.
    static func temporaryName(for name: String) -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        var tail = Substring(name)
        let room = 255 - temporaryPrefix.utf8.count - random.utf8.count - 1
        while tail.utf8.count > room { tail = tail.dropLast() }
        return temporaryPrefix + random + "-" + tail
    }
}
