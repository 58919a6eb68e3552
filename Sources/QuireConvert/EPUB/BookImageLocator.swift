import Foundation

/// Finds the file an image reference names, inside the post's folder or
/// an asset root and nowhere else (symbolic links are followed before the
/// check, so a link cannot lead out). The `html` branch's `AssetResolver`
/// does the same job for pages; once it is merged, `EPUBBuilder` takes it
/// through `Options.locateImage` and this type can go.
public enum BookImageLocator {
    public enum Failure: Error, Equatable {
        case missing
        case outsideRoots
    }

    public static func locate(_ reference: String, postPath: String, assetRoots: [String]) -> Result<LocalImage, Failure> {
        var path = reference
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        path = path.removingPercentEncoding ?? path
        guard !path.isEmpty, !path.contains("\0") else { return .failure(.missing) }
        let postFolder = absolute((postPath as NSString).deletingLastPathComponent)
        let roots = [postFolder] + assetRoots.map(absolute)
        let candidates: [(file: String, published: String)]
        if path.hasPrefix("/") {
            let relative = String(path.drop { $0 == "/" })
            candidates = assetRoots.map { ((absolute($0) as NSString).appendingPathComponent(relative), relative) }
        } else {
            candidates = [((postFolder as NSString).appendingPathComponent(path), path)]
        }
        var refused = false
        for candidate in candidates {
            let standard = (candidate.file as NSString).standardizingPath
            guard let real = realPath(standard) else { continue }
            guard roots.contains(where: { root in isInside(real, realPath(root) ?? root) }) else {
                refused = true
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let published = (candidate.published as NSString).standardizingPath
            return .success(LocalImage(reference: reference, file: real, publishedPath: published))
        }
        return .failure(refused ? .outsideRoots : .missing)
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path.isEmpty ? "." : path)
        return (full as NSString).standardizingPath
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
