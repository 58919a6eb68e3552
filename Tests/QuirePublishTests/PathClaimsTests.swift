import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

/// The collision and intent checks look up the planned paths in
/// `PathClaims` instead of walking every post: the same refusals.
@Suite("Path claims")
struct PathClaimsTests {
    @Test("a post changed and another unchanged on the same path: the changed one is refused, the published one stays")
    func collisionWithUnchanged() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A", extra: "url: /a/\n")
        try f.post("b.md", title: "B", extra: "url: /b/\n")
        try f.post("c.md", title: "C", extra: "url: /c/\n")
        _ = await f.build(settle: .zero)
        let publishedA = f.read(f.html + "/a/index.html")
        let publishedB = f.read(f.html + "/b/index.html")
        #expect(publishedA?.contains("A") == true)
        try await Task.sleep(for: .milliseconds(20))
        try f.post("b.md", title: "B moved", extra: "url: /a/\n")
        let summary = await f.build(settle: .zero)
        #expect(summary.failedCount == 1)
        let line = try #require(summary.failures.first)
        #expect(line.contains("b.md") && line.contains("a.md"), "\(line)")
        #expect(f.read(f.html + "/a/index.html") == publishedA, "the unchanged post's page stays")
        #expect(f.read(f.html + "/b/index.html") == publishedB, "the refused post keeps its last good page")
        // Fixed: b moves to a free path and its old one goes.
        try await Task.sleep(for: .milliseconds(20))
        try f.post("b.md", title: "B moved", extra: "url: /d/\n")
        let fixed = await f.build(settle: .zero)
        #expect(fixed.succeeded && fixed.built.count == 1)
        #expect(f.read(f.html + "/d/index.html")?.contains("B moved") == true)
        #expect(!f.exists(f.html + "/b/index.html"))
        #expect(f.read(f.html + "/a/index.html") == publishedA)
    }

    @Test("a changed post whose new path holds a person's file is refused; its own published path is not such a file")
    func foreignFileAndOwnPath() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A", extra: "url: /a/\n")
        _ = await f.build(settle: .zero)
        try await Task.sleep(for: .milliseconds(20))
        // Republished on its own path: quire wrote that file, so it is replaced.
        try f.post("a.md", title: "A again", extra: "url: /a/\n")
        let again = await f.build(settle: .zero)
        #expect(again.succeeded && again.built.count == 1)
        #expect(f.read(f.html + "/a/index.html")?.contains("A again") == true)
        // Moved onto a person's file: refused, the file and the old page stay.
        try f.write("Output/html/mine/index.html", "mine\n")
        try await Task.sleep(for: .milliseconds(20))
        try f.post("a.md", title: "A moved", extra: "url: /mine/\n")
        let moved = await f.build(settle: .zero)
        #expect(moved.failedCount == 1)
        #expect(moved.failures.first?.contains("quire did not write it") == true)
        #expect(f.read(f.html + "/mine/index.html") == "mine\n")
        #expect(f.read(f.html + "/a/index.html")?.contains("A again") == true)
    }

    @Test("every post claiming a path, per target; shared images claimed by each")
    func claims() {
        var manifest = Manifest(generator: "test")
        func output(_ files: [Manifest.File]) -> Manifest.Output {
            Manifest.Output(config: "c", inputs: "i", assets: [], files: files)
        }
        manifest.posts["a.md"] = Manifest.Post(source: "s", templates: "t", assets: [:], targets: [
            "html": output([Manifest.File(path: "pic.png", hash: "p", image: true), Manifest.File(path: "a.html", hash: "1", image: false)]),
            "text": output([Manifest.File(path: "a.txt", hash: "2", image: false)]),
        ], draft: false)
        manifest.posts["b.md"] = Manifest.Post(source: "s", templates: "t", assets: [:], targets: [
            "html": output([Manifest.File(path: "pic.png", hash: "p", image: true), Manifest.File(path: "b.html", hash: "3", image: false)]),
        ], draft: false)
        let claims = PathClaims(manifest: manifest)
        #expect(claims.claims(on: "pic.png", in: "html").map(\.post).sorted() == ["a.md", "b.md"])
        #expect(claims.claims(on: "a.html", in: "html").map(\.post) == ["a.md"])
        #expect(claims.claims(on: "a.html", in: "html").first?.hash == "1")
        #expect(claims.claims(on: "a.txt", in: "html").isEmpty, "another target's path")
        #expect(claims.isClaimed("a.txt", in: "text"))
        #expect(!claims.isClaimed("a.txt", in: "html"))
        #expect(!claims.isClaimed("c.html", in: "html"))
        #expect(claims.claims(on: "b.html", in: "epub").isEmpty)
    }
}
