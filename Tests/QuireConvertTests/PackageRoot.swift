import Foundation

/// The package's own folder, found from this file's path, so tests can read
/// `Watch/` and `../shared/corpus` wherever the checkout is.
enum PackageRoot {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `.md` and `.markdown` file below `folder`, sorted.
    static func markdownFiles(in folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let lower = relative.lowercased()
            if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
                found.append((folder as NSString).appendingPathComponent(relative))
            }
        }
        return found.sorted()
    }
}
