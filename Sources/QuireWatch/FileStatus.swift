#if canImport(Glibc)
import Glibc
#endif

/// The few `lstat` facts the watchers need. `lstat`, not `stat`: a symbolic
/// link is reported as itself and never followed out of a watched root.
struct FileStatus: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case file, directory, symlink, other }
    var kind: Kind
    var size: Int64
    var modified: Int64   // nanoseconds since the epoch
    var changed: Int64    // ctime, nanoseconds: catches a rename onto the path with an old mtime
    var inode: UInt64
    var links: UInt64

    init?(path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        size = Int64(st.st_size)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        changed = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        inode = UInt64(st.st_ino)
        links = UInt64(st.st_nlink)
    }

    static func isDirectory(_ path: String) -> Bool { FileStatus(path: path)?.kind == .directory }

    /// A root may be a symbolic link to a folder (`/srv/posts -> /data/posts`):
    /// the one link quire follows, because the configuration names it.
    static func isFolderRoot(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
    }
}

/// Folder listing without Foundation's enumerator: names only, `.` and `..` left out.
enum Directory {
    static func names(in path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
