/// Names that editors, sync tools and file managers use for temporary,
/// swap and backup files. These are never converted and never cause a rebuild:
/// the real file's own event (a rename onto it, or a close after writing)
/// is what counts.
public enum PathFilter {
    /// True for a hidden or temporary file name:
    /// `.post.md.swp` (vim swap), `post.md~` (backup), `.#post.md` and
    /// `#post.md#` (Emacs), `.goutputstream-XXXXXX` (GLib), `.post.md.Ab12Cd`
    /// (rsync), `4913` (vim's probe), `sedAb12Cd` (`sed -i`), `*.tmp`, `*.part`.
    public static func isIgnored(name: String) -> Bool {
        if name.isEmpty || name.hasPrefix(".") || name.hasPrefix("#") || name.hasSuffix("~") { return true }
        let lower = name.lowercased()
        for suffix in [".swp", ".swx", ".swo", ".tmp", ".temp", ".part", ".crdownload", ".bak", ".orig", ".kate-swp"]
        where lower.hasSuffix(suffix) { return true }
        // vim probes whether it may create files in a folder with "4913",
        // "5036", ... (4913 + n*123): all-digit names without an extension.
        if name.allSatisfy(\.isNumber) { return true }
        // GNU sed -i writes "sedXXXXXX" beside the file, then renames it.
        if name.count == 9, name.hasPrefix("sed"), name.dropFirst(3).allSatisfy({ $0.isLetter || $0.isNumber }) { return true }
        return false
    }

    /// True for a folder not to descend into: hidden ones (`.git`, `.quire`).
    /// Folder names are not file names: `2026/` is a fine folder.
    public static func isIgnored(folder name: String) -> Bool {
        name.hasPrefix(".")
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
