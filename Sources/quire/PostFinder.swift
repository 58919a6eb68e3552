import ArgumentParser
import Foundation

/// Expands the command line's files and folders into post paths.
enum PostFinder {
    static let extensions: Set<String> = ["md", "markdown", "mdown", "mkd"]

    static func isPost(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        guard !name.hasPrefix("."), !name.hasSuffix("~"), !name.hasPrefix("#") else { return false }
        return extensions.contains((name as NSString).pathExtension.lowercased())
    }

    /// Files as given (any extension), and the posts below each folder in a
    /// stable order.
    static func posts(in inputs: [String]) throws -> [String] {
        var out: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                Console.error("\(input): no such file or folder")
                throw ExitCode(1)
            }
            if !isDirectory.boolValue {
                out.append(input)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: input)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                if isPost(relative) { found.append((input as NSString).appendingPathComponent(relative)) }
            }
            out += found.sorted()
        }
        return out
    }

    /// Without `--assets`, `/assets/x.png` resolves in the post's folder's parent.
    static func defaultAssetRoot(for post: String) -> String {
        let folder = (post as NSString).deletingLastPathComponent
        let absolute = folder.isEmpty ? FileManager.default.currentDirectoryPath
            : (folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder)
        return ((absolute as NSString).standardizingPath as NSString).deletingLastPathComponent
    }
}
