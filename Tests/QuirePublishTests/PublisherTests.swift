import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

@Suite("Publisher")
struct PublisherTests {
    @Test("a second build with nothing changed writes nothing")
    func noOpSecondBuild() async throws {
        let f = try Fixture()
        for i in 1...5 { try f.post("p\(i).md", title: "Post \(i)") }
        // Stamps recorded at once (`settle: .zero`): with quire's 3 s, a
        // first build slower than that on a loaded machine would leave the
        // second to record the posts' stamps, its one write of the manifest.
        let first = await f.build(settle: .zero)
        #expect(first.built.count == 5 && first.succeeded)
        let before = f.tree(f.root)
        try await Task.sleep(for: .milliseconds(20))
        let second = await f.build(settle: .zero)
        #expect(second.built.isEmpty && second.unchanged == 5 && second.succeeded)
        let after = f.tree(f.root)
        #expect(Set(before.keys) == Set(after.keys))
        for (path, entry) in before where entry.bytes != nil {
            #expect(after[path]?.mtime == entry.mtime, "\(path) was rewritten")
        }
    }

    @Test("a changed post is rebuilt, the others are not touched")
    func changedPostOnly() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.post("b.md", title: "B")
        _ = await f.build()
        let before = f.tree(f.html)
        try f.post("a.md", title: "A, revised")
        let summary = await f.build()
        #expect(summary.built == ["Watch/a.md"].map { Paths.display(f.root + "/" + $0) })
        #expect(f.read(f.html + "/a/index.html")?.contains("A, revised") == true)
        #expect(f.tree(f.html)["b/index.html"]?.mtime == before["b/index.html"]?.mtime)
    }

    @Test("a template change rebuilds every post")
    func templateChange() async throws {
        let f = try Fixture()
        try f.write("templates/page.mustache", "<main>{{{body}}}</main>")
        f.config.templates = f.root + "/templates"
        try f.post("a.md", title: "A")
        try f.post("b.md", title: "B")
        _ = await f.build()
        #expect(await f.build().built.isEmpty)
        try f.write("templates/page.mustache", "<article>{{{body}}}</article>")
        let summary = await f.build()
        #expect(summary.built.count == 2)
        #expect(await f.build().built.isEmpty)
    }

    @Test("a configuration change that shapes outputs rebuilds; one that does not, does not")
    func configChange() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        f.config.debounce = 5
        f.config.limits.time = 9
        #expect(await f.build().built.isEmpty)
        f.config.width = 60
        #expect(await f.build().built.count == 1)
        f.config.baseURL = "https://example.org"
        #expect(await f.build().built.count == 1)
        #expect(await f.build().built.isEmpty)
    }

    @Test("--clean rebuilds everything")
    func clean() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        #expect(await f.build(clean: true).built.count == 1)
    }

    @Test("a deleted post is unpublished, its folder removed")
    func deletionUnpublishes() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.post("b.md", title: "B")
        _ = await f.build()
        #expect(f.exists(f.html + "/a/index.html"))
        try f.remove("Watch/a.md")
        let summary = await f.build()
        #expect(summary.removed.count == 1 && summary.succeeded)
        #expect(!f.exists(f.html + "/a/index.html"))
        #expect(!f.exists(f.html + "/a"))
        #expect(f.exists(f.html + "/b/index.html"))
    }

    @Test("a renamed post moves: new path written, old path removed")
    func renameMoves() async throws {
        let f = try Fixture()
        try f.post("old-name.md", title: "A")
        _ = await f.build()
        try FileManager.default.moveItem(atPath: f.root + "/Watch/old-name.md", toPath: f.root + "/Watch/new-name.md")
        let summary = await f.build()
        #expect(summary.built.count == 1 && summary.removed.count == 1 && summary.succeeded)
        #expect(f.files(f.html) == ["new-name/index.html"])
    }

    @Test("a file a person put in a target survives, and is never overwritten")
    func humansFileSurvives() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        try f.write("Output/html/robots.txt", "User-agent: *\n")
        try f.write("Output/html/a/notes.txt", "mine\n")
        try f.write("Output/html/b/index.html", "hand-made\n")
        try f.post("b.md", title: "B")
        let summary = await f.build()
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.contains("Output/html/b/index.html exists and quire did not write it") == true)
        #expect(f.read(f.html + "/b/index.html") == "hand-made\n")
        try f.remove("Watch/a.md")
        _ = await f.build()
        #expect(!f.exists(f.html + "/a/index.html"))
        #expect(f.read(f.html + "/a/notes.txt") == "mine\n")
        #expect(f.read(f.html + "/robots.txt") == "User-agent: *\n")
    }

    @Test("two posts on one path: an error naming both, neither written")
    func collision() async throws {
        let f = try Fixture()
        try f.post("2024/hello.md", title: "One")
        try f.post("2025/hello.md", title: "Two")
        try f.post("other.md", title: "Other")
        let summary = await f.build()
        #expect(summary.failedCount == 2)
        let line = try #require(summary.failures.first)
        #expect(line.contains("2024/hello.md") && line.contains("2025/hello.md"))
        #expect(!f.exists(f.html + "/hello/index.html"))
        #expect(f.exists(f.html + "/other/index.html"))
    }

    @Test("a new post claiming a published path is refused; the published one stays")
    func collisionWithPublished() async throws {
        let f = try Fixture()
        try f.post("first.md", title: "First", extra: "url: /same/\n")
        _ = await f.build()
        let published = f.read(f.html + "/same/index.html")
        #expect(published?.contains("First") == true)
        try f.post("second.md", title: "Second", extra: "url: /same/\n")
        let summary = await f.build()
        #expect(summary.failedCount == 1)
        #expect(summary.failures.first?.contains("first.md") == true)
        #expect(f.read(f.html + "/same/index.html") == published)
    }

    @Test("a permalink that leaves the target is refused with one warning")
    func permalinkEscape() async throws {
        let f = try Fixture()
        try f.post("sneaky.md", title: "S", extra: "url: ../../escaped\n")
        try f.post("encoded.md", title: "E", extra: "url: /%2e%2e/%2e%2e/escaped2\n")
        let summary = await f.build()
        #expect(summary.succeeded)
        // Said once, where the post is read (with its line), not again by the target.
        #expect(summary.warnings.filter { $0.contains("sneaky.md") } == [
            f.root + "/Watch/sneaky.md:3: \"../../escaped\" is not a safe file name inside a target; writing \"escaped\" instead"])
        #expect(summary.warnings.filter { $0.contains("encoded.md") }.count == 1)
        // The slug comes from the permalink's last segment; the path from the slug.
        #expect(f.files(f.html) == ["escaped/index.html", "escaped2/index.html"])
        #expect(!f.exists(f.root + "/escaped") && !f.exists(f.root + "/Output/escaped"))
    }

    @Test("a target that cannot be written leaves the others published, and catches up once fixed")
    func unwritableTarget() async throws {
        let f = try Fixture()
        let good = Target(format: .html, path: f.root + "/Output/good", layout: .pretty)
        let blocked = Target(format: .html, path: f.root + "/Output/blocked", layout: .flat)
        f.config.targets = [blocked, good]
        // Root ignores permissions; a regular file where the folder should be stops anyone.
        try f.write("Output/blocked", "not a folder\n")
        for i in 1...3 { try f.post("p\(i).md", title: "P\(i)") }
        let summary = await f.build()
        #expect(!summary.succeeded && summary.failedCount == 3)
        #expect(summary.failures.allSatisfy { $0.contains("Output/blocked") })
        #expect(f.files(good.path) == ["p1/index.html", "p2/index.html", "p3/index.html"])
        try f.remove("Output/blocked")
        let retry = await f.build()
        #expect(retry.succeeded && retry.built.count == 3)
        #expect(f.files(blocked.path) == ["p1.html", "p2.html", "p3.html"])
    }

    @Test("drafts are not published, and a post that becomes a draft is taken down")
    func drafts() async throws {
        let f = try Fixture()
        try f.post("wip.md", title: "WIP", extra: "draft: true\n")
        try f.post("done.md", title: "Done")
        let converter = DraftAwareConverter()
        #expect(await f.build(converter: converter).succeeded)
        #expect(f.files(f.html) == ["done/index.html"])
        try f.post("done.md", title: "Done", extra: "draft: true\n")
        let summary = await f.build(converter: converter)
        #expect(summary.removed.count == 1)
        #expect(f.files(f.html).isEmpty)
        f.config.drafts = true
        _ = await f.build(converter: converter)
        #expect(f.files(f.html) == ["done/index.html", "wip/index.html"])
    }

    @Test("a corrupt or lost manifest means a full rebuild, with the same outputs")
    func corruptManifest() async throws {
        let f = try Fixture()
        for i in 1...3 { try f.post("p\(i).md", title: "P\(i)") }
        _ = await f.build()
        let before = f.tree(f.html)
        let path = f.config.state + "/" + Manifest.fileName
        let good = try #require(FileManager.default.contents(atPath: path))
        // Not a manifest, cut short, one byte changed: each is refused whole.
        var flipped = good
        flipped[flipped.count / 2] ^= 0x01
        for damaged in [Data("{ not json".utf8), good.prefix(good.count / 2), good.dropLast(), flipped] {
            try damaged.write(to: URL(fileURLWithPath: path))
            let summary = await f.build()
            #expect(summary.built.count == 3 && summary.succeeded)
            #expect(summary.warnings.contains { $0.contains("rebuilding everything") })
            let after = f.tree(f.html)
            #expect(before.mapValues(\.bytes) == after.mapValues(\.bytes))
        }
        try f.remove(".quire")
        #expect(await f.build().built.count == 3)
        // Ownership survives the rebuild: deleting a post still unpublishes it.
        try f.remove("Watch/p1.md")
        _ = await f.build()
        #expect(!f.exists(f.html + "/p1/index.html"))
    }

    @Test("images land beside the page, are shared, and a changed image rebuilds")
    func images() async throws {
        let f = try Fixture(targets: nil)
        f.config.targets = [Target(format: .html, path: f.root + "/Output/html", layout: .pretty),
                            Target(format: .html, path: f.root + "/Output/flat", layout: .flat)]
        try f.post("one/a.md", title: "A")
        try f.post("one/b.md", title: "B")
        try f.write("Watch/one/pic.png", "PNG-1")
        let converter = ImageAttachingConverter()
        let first = await f.build(converter: converter)
        #expect(first.succeeded, "\(first.failures)")
        #expect(f.read(f.html + "/a/pic.png") == "PNG-1")
        // In the flat layout both pages share one pic.png: same bytes, no collision.
        #expect(f.files(f.root + "/Output/flat") == ["a.html", "b.html", "pic.png"])
        #expect(await f.build(converter: converter).built.isEmpty)
        try f.write("Watch/one/pic.png", "PNG-2")
        let second = await f.build(converter: converter)
        #expect(second.built.count == 2)
        #expect(f.read(f.html + "/b/pic.png") == "PNG-2")
        try f.remove("Watch/one/a.md")
        _ = await f.build(converter: converter)
        #expect(f.read(f.root + "/Output/flat/pic.png") == "PNG-2", "the image b.md still uses stays")
        try f.remove("Watch/one/b.md")
        _ = await f.build(converter: converter)
        #expect(f.files(f.root + "/Output/flat").isEmpty)
    }

    @Test("temporary files from a crash are swept at start-up; a person's dot-files are not")
    func sweep() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.write("Output/html/x/.quire-tmp-1234-index.html", "half")
        try f.write("Output/html/.htaccess", "keep")
        let summary = await f.build()
        #expect(summary.succeeded)
        #expect(!f.exists(f.html + "/x/.quire-tmp-1234-index.html"))
        #expect(f.read(f.html + "/.htaccess") == "keep")
    }

    @Test("a missing source folder publishes and removes nothing")
    func missingSource() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        try FileManager.default.moveItem(atPath: f.root + "/Watch", toPath: f.root + "/Moved")
        let summary = await f.build()
        #expect(!summary.succeeded)
        #expect(f.exists(f.html + "/a/index.html"))
        try FileManager.default.moveItem(atPath: f.root + "/Moved", toPath: f.root + "/Watch")
        #expect(await f.build().unchanged == 1)
    }

    @Test("publish(changed:) looks only at what changed, and unpublishes what is gone")
    func publishChanged() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.post("b.md", title: "B")
        let publisher = Publisher(config: f.config, generator: "test")
        _ = await publisher.sync()
        try f.post("a.md", title: "A2")
        try f.post("b.md", title: "B2")
        let one = await publisher.publish(changed: [f.root + "/Watch/a.md"])
        #expect(one.built.count == 1)
        #expect(f.read(f.html + "/b/index.html")?.contains("B2") == false)
        try f.remove("Watch/a.md")
        let gone = await publisher.publish(changed: [f.root + "/Watch/a.md"])
        #expect(gone.removed.count == 1 && !f.exists(f.html + "/a"))
        #expect(await publisher.sync().built.count == 1)
    }

    @Test("a post that fails keeps its last good output")
    func failureKeepsOutput() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        _ = await f.build()
        let good = f.read(f.html + "/a/index.html")
        try Data([0x2d, 0x2d, 0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: f.root + "/Watch/a.md"))
        let summary = await f.build()
        #expect(summary.failedCount == 1)
        #expect(summary.failures.first?.hasPrefix(Paths.display(f.root + "/Watch/a.md") + ":") == true)
        #expect(f.read(f.html + "/a/index.html") == good)
    }

    @Test("outputs do not depend on how many conversions run at once")
    func deterministic() async throws {
        let f = try Fixture()
        for i in 1...20 { try f.post("p\(i).md", title: "P\(i)", body: String(repeating: "word ", count: i * 50)) }
        _ = await Publisher(config: f.config, concurrency: 1, generator: "test").sync()
        let serial = f.tree(f.html).mapValues(\.bytes)
        f.config.targets = [Target(format: .html, path: f.root + "/Output/other")]
        f.config.state = f.root + "/.quire2"
        _ = await Publisher(config: f.config, concurrency: 8, generator: "test").sync()
        #expect(f.tree(f.root + "/Output/other").mapValues(\.bytes) == serial)
    }

    @Test("a state folder that cannot be written: nothing is published, and the next run converges")
    func stateUnwritable() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.write("state-is-a-file", "x")
        f.config.state = f.root + "/state-is-a-file/.quire"
        let summary = await f.build()
        #expect(!summary.succeeded && summary.failures.first?.hasPrefix("state folder:") == true)
        #expect(!f.exists(f.html))
        try f.remove("state-is-a-file")
        let retry = await f.build()
        #expect(retry.succeeded && retry.built.count == 1)
    }

    @Test("a target added later gets every post once; the others are not rebuilt, then or after")
    func targetAdded() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.write("Watch/pic.png", "PNG")
        let converter = ImageAttachingConverter()
        _ = await f.build(converter: converter)
        let page = f.tree(f.html)["a/index.html"]?.mtime
        f.config.targets.append(Target(format: .text, path: f.root + "/Output/newsletter"))
        #expect(await f.build(converter: converter).built.count == 1)
        // The text-only conversion used no image; that must not make the page look stale.
        #expect(await f.build(converter: converter).built.isEmpty)
        f.config.targets.append(Target(format: .html, path: f.root + "/Output/flat", layout: .flat))
        #expect(await f.build(converter: converter).built.count == 1)
        #expect(f.files(f.root + "/Output/flat") == ["a.html", "pic.png"])
        #expect(await f.build(converter: converter).built.isEmpty)
        #expect(f.tree(f.html)["a/index.html"]?.mtime == page)
        try f.write("Watch/pic.png", "PNG2")
        #expect(await f.build(converter: converter).built.count == 1)
        #expect(f.read(f.root + "/Output/flat/pic.png") == "PNG2")
    }

    @Test("deletions never follow a link out of the target, nor a tampered manifest")
    func deletionStaysInside() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.post("b.md", title: "B")
        _ = await f.build()
        // Someone swaps a post's folder for a link to a folder outside the target.
        try f.write("outside/index.html", "precious")
        try f.remove("Output/html/a")
        try FileManager.default.createSymbolicLink(atPath: f.html + "/a", withDestinationPath: f.root + "/outside")
        try f.remove("Watch/a.md")
        // And the manifest is edited to list a file outside the target.
        guard case var .found(manifest) = Manifest.load(from: f.config.state) else {
            Issue.record("no manifest")
            return
        }
        let key = f.config.targets[0].key
        manifest.posts["b.md"]?.targets[key]?.files = [Manifest.File(path: "../../outside/index.html", hash: "0", image: false)]
        try manifest.save(to: f.config.state)
        try f.remove("Watch/b.md")
        _ = await f.build()
        #expect(f.read(f.root + "/outside/index.html") == "precious")
    }
}
