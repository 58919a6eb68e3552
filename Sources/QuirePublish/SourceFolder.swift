import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The posts below the source folder: Markdown files, in a stable order,
/// skipping hidden files, editor leftovers and links that leave the folder.
public enum SourceFolder {
    public static let extensions: Set<String> = ["md", "markdown", "mdown", "mkd"]

    /// True for a name that is a post: `a.md`, `B.MARKDOWN`; false for
    /// `.a.md`, `a.md~`, `#a.md#`.
    public static func isPost(name: String) -> Bool {
        guard !name.hasPrefix("."), !name.hasSuffix("~"), !name.hasPrefix("#") else { return false }
        if let ascii = asciiExtension(of: name) { return extensions.contains(ascii) }
        return extensions.contains((name as NSString).pathExtension.lowercased())
    }

    /// The lowercased extension of an ASCII name, read from its bytes (the
    /// scan asks for every file, and `NSString` cost 40 % of a scan of the
    /// corpus); nil for any other name, which `NSString` reads (a non-ASCII
    /// letter may lowercase to an ASCII one: the Kelvin sign to `k`).
    static func asciiExtension(of name: String) -> String? {
        let utf8 = name.utf8
        guard utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "/") }) else { return nil }
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")), dot != utf8.startIndex else { return "" }
        let lowered = utf8[utf8.index(after: dot)...].map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// What a scan found.
    public struct Scan: Sendable {
        /// Relative to the root, sorted.
        public var posts: [String]
        /// Links that point outside the folder, not read.
        public var skipped: [String]
        /// Each post's stamp (a link's target's), from the scan's own `stat`.
        public var stamps: [String: FileStamp]
    }

    /// Posts below `root`, relative to it and sorted; `skipped` names the
    /// links that point outside the folder.
    public static func posts(in root: String) -> (posts: [String], skipped: [String]) {
        let found = scan(root)
        return (found.posts, found.skipped)
    }

    /// `found` sees each post's stamp as the scan meets it: the publisher
    /// starts a worker at the first post changed since its last run, while
    /// the scan goes on.
    public static func scan(_ root: String, found: ((FileStamp) -> Void)? = nil) -> Scan {
        let realRoot = realPath(root) ?? root
        var posts: [String] = []
        var skipped: [String] = []
        var stamps: [String: FileStamp] = [:]
        var folders = [""]
        while let folder = folders.popLast() {
            let full = Paths.join(root, folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { continue }
            for name in names where !name.hasPrefix(".") {
                let relative = Paths.join(folder, name)
                let path = root + "/" + relative
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    folders.append(relative)
                case S_IFREG where isPost(name: name):
                    posts.append(relative)
                    let stamp = FileStamp(info)
                    stamps[relative] = stamp
                    found?(stamp)
                case S_IFLNK where isPost(name: name):
                    // A link to a post inside the folder is fine; one that leaves it is not read.
                    var target = stat()
                    if let real = realPath(path), Paths.isInside(real, realRoot),
                       stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG {
                        posts.append(relative)
                        let stamp = FileStamp(target)
                        stamps[relative] = stamp
                        found?(stamp)
                    } else {
                        skipped.append(relative)
                    }
                default:
                    break
                }
            }
        }
        return Scan(posts: posts.sorted(), skipped: skipped.sorted(), stamps: stamps)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
