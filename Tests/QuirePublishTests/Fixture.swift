import Foundation
import QuireConvert
@testable import QuirePublish

/// A temporary folder with a source folder, targets and a state folder,
/// removed when the test ends.
final class Fixture {
    let root: String
    var config: Config

    init(targets: [Target]? = nil) throws {
        root = NSTemporaryDirectory() + "quire-publish-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/Watch", withIntermediateDirectories: true)
        config = Config(folder: root)
        config.targets = targets ?? [Target(format: .html, path: root + "/Output/html", layout: .pretty)]
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    var html: String { config.targets[0].path }

    func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func post(_ name: String, title: String, extra: String = "", body: String = "Some text.") throws {
        try write("Watch/" + name, "---\ntitle: \(title)\n\(extra)---\n\n\(body)\n")
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: root + "/" + relative)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func build(clean: Bool = false, converter: any PostConverting = InProcessConverter(),
               settle: Duration? = nil) async -> PublishSummary {
        let publisher = Publisher(config: config, converter: converter, generator: "test")
        if let settle { await publisher.setSettle(settle) }
        return await publisher.sync(clean: clean)
    }

    /// Every file and folder below `folder`, relative, with each file's
    /// bytes and modification time in nanoseconds.
    func tree(_ folder: String) -> [String: (bytes: Data?, mtime: Int)] {
        var out: [String: (bytes: Data?, mtime: Int)] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let path = folder + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let mtime = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            let isFile = (info.st_mode & S_IFMT) == S_IFREG
            out[relative] = (isFile ? FileManager.default.contents(atPath: path) : nil, mtime)
        }
        return out
    }

    func files(_ folder: String) -> [String] {
        tree(folder).filter { $0.value.bytes != nil }.keys.sorted()
    }
}

/// The real converter, plus the draft flag from the front matter: the
/// first-cut `PostReader` does not map `draft` yet, and the publisher's
/// rule is what these tests are about.
struct DraftAwareConverter: PostConverting {
    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        var conversion = try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
        if conversion.post.frontMatter["draft"]?.stringValue == "true" { conversion.post.draft = true }
        return conversion
    }
}

/// The real converter, plus every `*.png` beside the post as a local image
/// the page uses (the first-cut converter resolves no images yet).
struct ImageAttachingConverter: PostConverting {
    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        var conversion = try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
        // Like a real converter, only a page uses the images.
        guard options.formats.contains(.html) else { return conversion }
        let folder = (path as NSString).deletingLastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasSuffix(".png") {
            conversion.images.append(LocalImage(reference: name, file: folder + "/" + name, publishedPath: name))
        }
        return conversion
    }
}
