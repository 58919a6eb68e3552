import Foundation
import Testing
@testable import QuirePublish

/// A build trusts a file's recorded hash while its stat stamp (device,
/// inode, size, modification and change time) is unchanged, as git trusts
/// its index. These tests record stamps at once (`settle: .zero`); quire
/// itself waits until a file's times are 3 s old.
@Suite("Stat stamps")
struct FileStampTests {
    static func setTimes(_ path: String, modified: Int64) throws {
        var times = [timespec(tv_sec: Int(modified / 1_000_000_000), tv_nsec: Int(modified % 1_000_000_000)),
                     timespec(tv_sec: Int(modified / 1_000_000_000), tv_nsec: Int(modified % 1_000_000_000))]
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw POSIXError(.init(rawValue: errno)!) }
    }

    static func record(_ f: Fixture, _ post: String) throws -> Manifest.Post {
        guard case let .found(manifest) = Manifest.load(from: f.config.state) else { throw POSIXError(.ENOENT) }
        return try #require(manifest.posts[post])
    }

    @Test("a touched post with the same bytes is not rebuilt, and its new stamp is recorded")
    func touched() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        #expect(await f.build(settle: .zero).built.count == 1)
        let path = f.root + "/Watch/a.md"
        let first = try Self.record(f, "a.md")
        #expect(first.stamp == FileStamp.of(path))
        let page = f.tree(f.html)["a/index.html"]
        try Self.setTimes(path, modified: FileStamp.now() - 60_000_000_000)
        let summary = await f.build(settle: .zero)
        #expect(summary.built.isEmpty && summary.unchanged == 1)
        #expect(f.tree(f.html)["a/index.html"]?.mtime == page?.mtime, "the page was rewritten")
        let second = try Self.record(f, "a.md")
        #expect(second.source == first.source)
        #expect(second.stamp == FileStamp.of(path) && second.stamp != first.stamp)
    }

    @Test("bytes changed in place with the size and modification time kept: caught by the change time")
    func sameSizeSameModificationTime() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A", body: "version one")
        _ = await f.build(settle: .zero)
        let path = f.root + "/Watch/a.md"
        let before = try #require(FileStamp.of(path))
        try f.post("a.md", title: "A", body: "version two")
        try Self.setTimes(path, modified: before.modified)
        let after = try #require(FileStamp.of(path))
        #expect(after.size == before.size && after.modified == before.modified && after.inode == before.inode)
        #expect(after.changed != before.changed)
        #expect(await f.build(settle: .zero).built.count == 1)
        #expect(f.read(f.html + "/a/index.html")?.contains("version two") == true)
    }

    @Test("a post replaced by a rename, with the same size and modification time: caught by the inode")
    func replacedByRename() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A", body: "version one")
        _ = await f.build(settle: .zero)
        let path = f.root + "/Watch/a.md"
        let before = try #require(FileStamp.of(path))
        try f.write("a.md.new", "---\ntitle: A\n---\n\nversion two\n")
        try Self.setTimes(f.root + "/a.md.new", modified: before.modified)
        #expect(rename(f.root + "/a.md.new", path) == 0)
        let after = try #require(FileStamp.of(path))
        #expect(after.size == before.size && after.modified == before.modified && after.inode != before.inode)
        #expect(await f.build(settle: .zero).built.count == 1)
        #expect(f.read(f.html + "/a/index.html")?.contains("version two") == true)
    }

    @Test("a stamp older than the manifest is trusted unread; one not older is racy and read again")
    func racyStamps() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A", body: "version one")
        _ = await f.build(settle: .zero)
        let path = f.root + "/Watch/a.md"
        // A change the stamp cannot show (within one timestamp tick): the
        // manifest is made to record the new stamp with the old hash.
        try f.post("a.md", title: "A", body: "version two")
        let stamp = try #require(FileStamp.of(path))
        guard case var .found(manifest) = Manifest.load(from: f.config.state) else { throw POSIXError(.ENOENT) }
        manifest.posts["a.md"]?.stamp = stamp
        try manifest.save(to: f.config.state)
        let manifestPath = f.config.state + "/" + Manifest.fileName

        // The manifest written a minute after the stamp: trusted, not read.
        try Self.setTimes(manifestPath, modified: max(stamp.modified, stamp.changed) + 60_000_000_000)
        #expect(await f.build(settle: .zero).built.isEmpty)
        #expect(f.read(f.html + "/a/index.html")?.contains("version one") == true)

        // Written in the same tick as the post's change: racily clean, read again.
        try Self.setTimes(manifestPath, modified: stamp.changed)
        #expect(await f.build(settle: .zero).built.count == 1)
        #expect(f.read(f.html + "/a/index.html")?.contains("version two") == true)
    }

    @Test("loading drops every stamp not older than the manifest's own time")
    func smudge() {
        func stamp(_ modified: Int64, _ changed: Int64) -> FileStamp {
            FileStamp(device: 1, inode: 2, size: 3, modified: modified, changed: changed)
        }
        var manifest = Manifest(generator: "test")
        for (name, value) in [("old", stamp(10, 20)), ("same", stamp(10, 100)), ("newer", stamp(200, 20))] {
            manifest.posts[name] = Manifest.Post(source: "h", stamp: value, templates: "t", assets: [:], targets: [:], draft: false)
            manifest.files["/" + name] = Manifest.Known(hash: "h", stamp: value)
        }
        manifest.smudgeRacyStamps(writtenAt: 100)
        #expect(manifest.posts["old"]?.stamp == stamp(10, 20))
        #expect(manifest.posts["same"]?.stamp == nil && manifest.posts["newer"]?.stamp == nil)
        #expect(manifest.files["/old"]?.stamp == stamp(10, 20))
        #expect(manifest.files["/same"]?.stamp == nil && manifest.files["/newer"]?.stamp == nil)
        #expect(manifest.posts["same"]?.source == "h", "the hash stays; only the shortcut goes")
    }

    @Test("a fresh file's stamp is not recorded until its times are older than the settle time")
    func freshFilesAreReadAgain() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        #expect(try Self.record(f, "a.md").stamp == nil, "written just now: the next run reads it again")
        try Self.setTimes(f.root + "/Watch/a.md", modified: FileStamp.now() - 60_000_000_000)
        // Its change time is still now: not yet.
        #expect(await f.build().built.isEmpty)
        #expect(try Self.record(f, "a.md").stamp == nil)
        #expect(await f.build(settle: .zero).built.isEmpty)
        #expect(try Self.record(f, "a.md").stamp != nil)
    }

    @Test("an image or template changed with its size and modification time kept still rebuilds")
    func imagesAndTemplates() async throws {
        let f = try Fixture()
        try f.write("templates/page.mustache", "<main>{{{body}}}</main>")
        f.config.templates = f.root + "/templates"
        try f.post("a.md", title: "A")
        try f.write("Watch/pic.png", "PNG-1")
        let converter = ImageAttachingConverter()
        _ = await f.build(converter: converter, settle: .zero)
        #expect(await f.build(converter: converter, settle: .zero).built.isEmpty)
        guard case let .found(manifest) = Manifest.load(from: f.config.state) else { throw POSIXError(.ENOENT) }
        #expect(manifest.files[f.root + "/Watch/pic.png"]?.stamp != nil)
        #expect(manifest.files[f.root + "/templates/page.mustache"]?.stamp != nil)

        for (file, text) in [("Watch/pic.png", "PNG-2"), ("templates/page.mustache", "<body>{{{body}}}</main>")] {
            let before = try #require(FileStamp.of(f.root + "/" + file))
            try f.write(file, text)
            try Self.setTimes(f.root + "/" + file, modified: before.modified)
            #expect(FileStamp.of(f.root + "/" + file)?.size == before.size)
            #expect(await f.build(converter: converter, settle: .zero).built.count == 1, "\(file)")
        }
        #expect(f.read(f.html + "/a/pic.png") == "PNG-2")
        #expect(f.read(f.html + "/a/index.html")?.hasPrefix("<body>") == true)
    }

    @Test("the manifest's text form reads back equal, whatever the paths hold")
    func formatRoundTrip() throws {
        var manifest = Manifest(generator: "gen\tweird\\name")
        manifest.targets["html:/out"] = Manifest.TargetState(folders: ["a", "b c"], pending: ["x\ny.html"])
        manifest.targets["text:/empty"] = Manifest.TargetState()
        manifest.files["/assets/ü.png"] = Manifest.Known(hash: "abc", stamp: FileStamp(device: 1, inode: 2, size: 3, modified: -5, changed: 7))
        manifest.files["/t/page.mustache"] = Manifest.Known(hash: "def", stamp: nil)
        manifest.posts["dir/tab\there.md"] = Manifest.Post(
            source: "s", stamp: FileStamp(device: .max, inode: 9, size: 0, modified: .max, changed: .min),
            templates: "none", assets: ["/assets/ü.png": "abc"],
            targets: ["html:/out": Manifest.Output(config: "c", inputs: "i", assets: ["/assets/ü.png"],
                                                  files: [Manifest.File(path: "pic.png", hash: "1", image: true),
                                                          Manifest.File(path: "tab/index.html", hash: "2", image: false)]),
                      // A target no longer configured still knows its files.
                      "epub:/gone": Manifest.Output(config: "c2", inputs: "i2", assets: [], files: [])],
            draft: true)
        manifest.posts["plain.md"] = Manifest.Post(source: "p", templates: "none", assets: [:], targets: [:], draft: false)
        let bytes = manifest.encoded()
        #expect(try Manifest(decoding: bytes) == manifest)
        #expect(manifest.encoded() == bytes, "the same manifest gives the same bytes")
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("quire manifest 2\n"))
    }

    @Test("a run that did not finish leaves a mark, and the next run sweeps; a finished one leaves none")
    func unfinishedMark() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        let mark = f.config.state + "/" + PublishRun.unfinishedMark
        #expect(!f.exists(mark))
        // What a killed run leaves: its mark and a temporary file.
        try f.write("Output/html/a/.quire-tmp-99-index.html", "half")
        try f.write(".quire/" + PublishRun.unfinishedMark, "")
        let summary = await f.build()
        #expect(summary.succeeded && summary.built.isEmpty)
        #expect(!f.exists(f.html + "/a/.quire-tmp-99-index.html"))
        #expect(!f.exists(mark))
        try f.post("a.md", title: "A, revised")
        #expect(await f.build().built.count == 1)
        #expect(!f.exists(mark))
    }
}
