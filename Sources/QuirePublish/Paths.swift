import Foundation

/// Path arithmetic done on strings, lexically: quire decides where a file
/// goes before it touches the disk, so a `../` can be refused up front.
public enum Paths {
    /// `path` made absolute against `base` and cleaned of `.`, `..` and
    /// doubled slashes. Symbolic links are not resolved.
    public static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The components of a path that must stay inside a folder, with
    /// percent escapes decoded (`%2e%2e` is `..`). Nil when the path would
    /// leave the folder or holds a component no file system takes.
    public static func containedComponents(_ path: String) -> [String]? {
        var parts: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            // Foundation's decoding only where there is something to decode:
            // it costs more than the rest, for every path of every post.
            var part = String(raw)
            if part.utf8.contains(UInt8(ascii: "%")) { part = part.removingPercentEncoding ?? part }
            // Bytes, not characters: a slash followed by a combining mark is
            // still a slash to the file system.
            if part.utf8.contains(UInt8(ascii: "/")) || part.utf8.contains(0) || part.utf8.count > 255 { return nil }
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
                continue
            }
            parts.append(part)
        }
        return parts
    }

    /// True when `path` is `folder` or below it (both absolute and clean).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        if folder == "/" { return true }
        return path == folder || path.hasPrefix(folder + "/")
    }

    /// `path` relative to the working directory when it lies below it, so
    /// messages stay short; otherwise as given.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }

    /// The folder part of a relative path, "" for a file at the top.
    public static func parent(_ relative: String) -> String {
        guard let slash = relative.lastIndex(of: "/") else { return "" }
        return String(relative[..<slash])
    }

    public static func join(_ folder: String, _ relative: String) -> String {
        if relative.isEmpty { return folder }
        if folder.isEmpty { return relative }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }
}
