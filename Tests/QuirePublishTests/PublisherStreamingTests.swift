import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

/// Converts in this process and, while converting `watched`, lists what a
/// reader of the target (and the state folder) sees at that moment.
final class PeekingConverter: PostConverting, @unchecked Sendable {
    let watched: String
    let folders: [String]
    private let lock = NSLock()
    private var seen: [String: [String]] = [:]

    init(watched: String, folders: [String]) {
        self.watched = watched
        self.folders = folders
    }

    var snapshot: [String: [String]] { lock.withLock { seen } }

    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        if path.hasSuffix("/" + watched) {
            var found: [String: [String]] = [:]
            for folder in folders {
                found[folder] = ((FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []).sorted()
            }
            lock.withLock { seen = found }
        }
        return try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
    }
}

@Suite("Publisher streaming")
struct PublisherStreamingTests {
    @Test("posts are staged while the others convert: nothing lands, and no folder is made, before the last is in")
    func stagedBeforeLanding() async throws {
        let f = try Fixture()
        for i in 1...5 { try f.post("p\(i).md", title: "Post \(i)") }
        let peek = PeekingConverter(watched: "p5.md", folders: [f.html, f.config.state])
        // One at a time: p1 to p4 are converted (and staged) before p5 starts.
        let publisher = Publisher(config: f.config, converter: peek, concurrency: 1, generator: "test")
        let summary = await publisher.sync()
        #expect(summary.succeeded && summary.built.count == 5)
        let during = peek.snapshot
        let target = during[f.html] ?? []
        // Four pages, each bound for a folder not made yet: staged in the
        // target's root as temporary files, nothing else.
        #expect(target.count == 4, "\(target)")
        #expect(target.allSatisfy { AtomicFile.isTemporary(name: $0) && !$0.contains("/") }, "\(target)")
        // A run that is killed now leaves a mark for the next one to sweep.
        #expect(during[f.config.state]?.contains(PublishRun.unfinishedMark) == true)
        #expect(f.files(f.html) == (1...5).map { "p\($0)/index.html" })
        #expect(!f.tree(f.root).keys.contains { AtomicFile.isTemporary(name: ($0 as NSString).lastPathComponent) })
        #expect(!f.exists(f.config.state + "/" + PublishRun.unfinishedMark))
    }

    @Test("a page whose folder exists is staged beside its destination, and an unchanged one is not staged at all")
    func stagedBesideExisting() async throws {
        let f = try Fixture()
        for i in 1...3 { try f.post("p\(i).md", title: "Post \(i)") }
        #expect(await f.build().succeeded)
        try f.post("p1.md", title: "Post 1, revised")
        try f.post("p3.md", title: "Post 3, revised")
        let peek = PeekingConverter(watched: "p3.md", folders: [f.html])
        let publisher = Publisher(config: f.config, converter: peek, concurrency: 1, generator: "test")
        #expect(await publisher.sync(clean: true).succeeded)
        let target = peek.snapshot[f.html] ?? []
        // p1 changed: staged in p1/; p2 holds the same bytes: nothing staged.
        let temporary = target.filter { AtomicFile.isTemporary(name: ($0 as NSString).lastPathComponent) }
        #expect(temporary.count == 1 && temporary[0].hasPrefix("p1/"), "\(target)")
        #expect(f.read(f.html + "/p1/index.html")?.contains("Post 1, revised") == true)
    }

    @Test("an empty folder quire made is removed after an interrupted run, and only folders a deletion touched are tried otherwise")
    func foldersTidied() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        guard case var .found(manifest) = Manifest.load(from: f.config.state) else {
            Issue.record("no manifest")
            return
        }
        // As if a run had made a folder for a page and died before the rename.
        let key = f.config.targets[0].key
        manifest.targets[key]?.folders.append("left")
        try manifest.save(to: f.config.state)
        try FileManager.default.createDirectory(atPath: f.html + "/left", withIntermediateDirectories: false)
        try f.post("b.md", title: "B")
        #expect(await f.build().succeeded)
        // No mark: the run did not look at folders no deletion touched.
        #expect(f.exists(f.html + "/left"))
        #expect(FileManager.default.createFile(atPath: f.config.state + "/" + PublishRun.unfinishedMark, contents: nil))
        try f.post("c.md", title: "C")
        #expect(await f.build().succeeded)
        #expect(!f.exists(f.html + "/left"))
        #expect(f.files(f.html) == ["a/index.html", "b/index.html", "c/index.html"])
    }
}
