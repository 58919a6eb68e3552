import Foundation

/// A temporary site folder for the end-to-end tests: posts in `Watch/`,
/// outputs in `Output/`, removed at the end.
final class Site {
    let root: String

    init(_ name: String = "site") throws {
        root = NSTemporaryDirectory() + "quire-e2e-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/Watch", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    func write(_ relative: String, _ data: Data) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    func quire(_ arguments: String...) throws -> QuireBinary.Result {
        try QuireBinary.run(arguments, in: root)
    }

    /// Every file (with its bytes) and folder below `relative`.
    func tree(_ relative: String) -> [String: Data?] {
        Self.tree(atPath: root + "/" + relative)
    }

    /// Every file (with its bytes) and folder below `folder`: what the crash
    /// tests compare with a clean build.
    static func tree(atPath folder: String) -> [String: Data?] {
        var out: [String: Data?] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let name = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
            out[name] = isFolder.boolValue ? .some(nil) : FileManager.default.contents(atPath: folder + "/" + name)
        }
        return out
    }
}
