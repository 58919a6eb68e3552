import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds the file behind an image reference of one post, and never looks
/// outside the post's folder and the asset roots.
///
/// - `https://…`, `http://…`, `//host/…`, `data:` and other schemes are not
///   local: left as written (the HTML renderer neutralises unsafe schemes).
/// - `file:` URLs are refused.
/// - `/assets/a.png` is a site path: looked up in each asset root in turn,
///   published as `assets/a.png`. An absolute file path that lies inside an
///   asset root is accepted too; any other (`/etc/hostname`) is only ever a
///   site path, so it is looked for inside the roots, not read.
/// - `images/a.png` and `../shared/a.png` resolve against the post's folder;
///   the result must lie inside the post's folder (published relative to
///   it: `images/a.png`) or an asset root (published relative to the root).
///
/// References are percent-decoded once before they are checked, so
/// `%2e%2e/` is `../`. A component that starts with a dot (`.git`, `.ssh`)
/// is refused, and so is a file whose real path (symbolic links followed)
/// leaves the allowed folders, or that is not a regular file. Nothing is
/// read here: the caller reads `LocalImage.file`, the real path.
public struct AssetResolver: Sendable {
    public enum Resolution: Sendable, Equatable {
        /// Not a file on this machine; the page uses the reference as written.
        case external
        case local(LocalImage)
        /// A safe reference with no file behind it: the page keeps the
        /// reference and its alt text (the site may still serve it).
        case missing(warning: String)
        /// A reference that would read outside the allowed folders.
        case refused(warning: String)
    }

    /// The post as named in warnings.
    public let postPath: String
    /// Absolute, with `.` and `..` removed; not symlink-resolved.
    public let postFolder: String
    public let assetRoots: [String]

    /// `currentDirectory` anchors relative post paths and roots; a post read
    /// from standard input (`<stdin>`) has the current directory as folder.
    public init(postPath: String, assetRoots: [String],
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        func absolute(_ path: String) -> String {
            let joined = path.hasPrefix("/") ? path : currentDirectory + "/" + path
            return "/" + (Self.normalize(joined.split(separator: "/").map(String.init)) ?? []).joined(separator: "/")
        }
        self.postPath = postPath
        let folder = (postPath as NSString).deletingLastPathComponent
        postFolder = absolute(folder.isEmpty ? "." : folder)
        self.assetRoots = assetRoots.map(absolute)
    }

    public func resolve(_ reference: String) -> Resolution {
        let trimmed = reference.trimmingSpaces()
        if trimmed.isEmpty || trimmed.hasPrefix("//") || trimmed.hasPrefix("#") { return .external }
        if URLSafety.hasScheme(trimmed) {
            return trimmed.lowercased().hasPrefix("file:") ? refuse(reference, "file: URLs are never read") : .external
        }
        // The query and fragment are not part of the file's name.
        let path = String(trimmed.prefix { $0 != "?" && $0 != "#" })
        guard let decoded = path.removingPercentEncoding, !decoded.contains("\0") else {
            return refuse(reference, "malformed percent-encoding")
        }
        let components = decoded.split(separator: "/").map(String.init)
        if decoded.hasPrefix("/") {
            return resolveSitePath(reference, components)
        }
        guard let target = Self.normalize(postFolder.split(separator: "/").map(String.init) + components) else {
            return refuse(reference, "it leaves the post's folder and the asset roots")
        }
        for base in [postFolder] + assetRoots {
            if let relative = Self.relativeComponents(of: target, under: base) {
                return check(reference, base: base, relative: relative)
            }
        }
        return refuse(reference, "it leaves the post's folder and the asset roots")
    }

    /// `/a/b.png`: inside the first root that has it; else, for an absolute
    /// file path inside a root, that file.
    private func resolveSitePath(_ reference: String, _ components: [String]) -> Resolution {
        guard let site = Self.normalize(components) else {
            return refuse(reference, "it leaves the asset roots")
        }
        var refusal: Resolution?
        for root in assetRoots {
            switch check(reference, base: root, relative: site) {
            case let .local(image): return .local(image)
            case let .refused(warning): refusal = refusal ?? .refused(warning: warning)
            default: break
            }
        }
        for root in assetRoots {
            if let relative = Self.relativeComponents(of: site, under: root) {
                let result = check(reference, base: root, relative: relative)
                if case .local = result { return result }
            }
        }
        if let refusal { return refusal }
        return .missing(warning: "\(postPath): image not found: \(Self.oneLine(reference))"
            + (assetRoots.isEmpty ? " (no asset roots are set)" : ""))
    }

    /// `base/relative`, if it is a regular file whose real path lies inside
    /// the post's folder or an asset root.
    private func check(_ reference: String, base: String, relative: [String]) -> Resolution {
        if relative.contains(where: { $0.hasPrefix(".") }) {
            return refuse(reference, "hidden files and folders are not published")
        }
        guard !relative.isEmpty else { return refuse(reference, "not a file") }
        let candidate = base + (base.hasSuffix("/") ? "" : "/") + relative.joined(separator: "/")
        guard let real = Self.realPath(candidate) else {
            return .missing(warning: "\(postPath): image not found: \(Self.oneLine(reference))")
        }
        // The real paths of the post's folder and the roots that exist, looked
        // up here, for a local image, not for every post (most have none).
        let realFolders = ([postFolder] + assetRoots).compactMap(Self.realPath)
        let inside = realFolders.compactMap { Self.relativeComponents(of: real, under: $0) }
        guard !inside.isEmpty else {
            return refuse(reference, "a symbolic link that leaves the post's folder and the asset roots")
        }
        guard inside.contains(where: { !$0.contains { $0.hasPrefix(".") } }) else {
            return refuse(reference, "a symbolic link to a hidden file")
        }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return refuse(reference, "not a regular file")
        }
        return .local(LocalImage(reference: reference, file: real, publishedPath: relative.joined(separator: "/")))
    }

    private func refuse(_ reference: String, _ why: String) -> Resolution {
        .refused(warning: "\(postPath): image refused, \(why): \(Self.oneLine(reference))")
    }

    // MARK: Paths

    /// Components with `.` and empty ones dropped and `..` applied; nil when
    /// a `..` climbs above the first component.
    static func normalize(_ components: [String]) -> [String]? {
        var out: [String] = []
        for component in components {
            switch component {
            case "", ".": continue
            case "..":
                guard !out.isEmpty else { return nil }
                out.removeLast()
            default: out.append(component)
            }
        }
        return out
    }

    /// The components of `path` below `base`, or nil when it is not below.
    private static func relativeComponents(of path: [String], under base: String) -> [String]? {
        let baseComponents = base.split(separator: "/").map(String.init)
        guard path.count >= baseComponents.count, Array(path.prefix(baseComponents.count)) == baseComponents else { return nil }
        return Array(path.dropFirst(baseComponents.count))
    }

    private static func relativeComponents(of path: String, under base: String) -> [String]? {
        relativeComponents(of: path.split(separator: "/").map(String.init), under: base)
    }

    /// realpath(3): symbolic links followed; nil when nothing is there.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Control characters shown as `?`, so a warning stays one line.
    private static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
