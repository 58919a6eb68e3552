import ArgumentParser
import Foundation
import QuirePublish

/// Expands the command line's files and folders into post paths.
enum PostFinder {
    /// Files as given (any extension, pipes too), and the posts below each
    /// folder in a stable order, found as `quire build` finds them
    /// (`SourceFolder`): regular files and links that stay inside the
    /// folder; a link that leaves it (to /etc/passwd, say) is a warning and
    /// is not read.
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
            let found = SourceFolder.posts(in: input)
            for link in found.skipped {
                Console.warn("\((input as NSString).appendingPathComponent(link)): a link that leaves the folder; not read")
            }
            out += found.posts.map { (input as NSString).appendingPathComponent($0) }
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
