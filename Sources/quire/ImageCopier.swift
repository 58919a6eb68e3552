import Foundation
import QuireConvert

/// Puts a copy of each local image beside the pages, at its published path,
/// so a page's `<img src="images/a.png">` works from the output folder.
enum ImageCopier {
    /// Copies what changed; returns a warning line for each image that could
    /// not be copied.
    static func copy(_ images: [LocalImage], into folder: String, for post: String) -> [String] {
        var warnings: [String] = []
        for image in images {
            // The resolver only makes relative paths without `..`; checked
            // again here because this is where a file gets written.
            let components = image.publishedPath.split(separator: "/")
            guard !image.publishedPath.hasPrefix("/"), !components.contains("..") else {
                warnings.append("\(post): image not copied, unsafe path: \(image.publishedPath)")
                continue
            }
            let target = URL(fileURLWithPath: folder).appendingPathComponent(image.publishedPath)
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: image.file))
                // Also covers converting in place, where the target is the source.
                if let existing = try? Data(contentsOf: target), existing == data { continue }
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target, options: .atomic)
            } catch {
                warnings.append("\(post): image not copied: \(image.publishedPath) (\(error.localizedDescription))")
            }
        }
        return warnings
    }
}
