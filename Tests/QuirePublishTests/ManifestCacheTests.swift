import Foundation
import Testing
@testable import QuirePublish

/// A publisher keeps the manifest between runs (the daemon publishes one
/// save after another), but never past a change made by someone else.
@Suite("Manifest cache")
struct ManifestCacheTests {
    @Test("a long-lived publisher sees what another quire did to the manifest in between")
    func anotherWriterInvalidatesTheCache() async throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        try f.post("b.md", title: "B")
        let daemon = Publisher(config: f.config, generator: "test")
        #expect(await daemon.sync().built.count == 2)
        // Another quire (its own publisher) rebuilds b.
        try f.post("b.md", title: "B, revised")
        #expect(await Publisher(config: f.config, generator: "test").sync().built.count == 1)
        // The daemon must not rebuild b from a stale manifest, nor miss a.
        try f.post("a.md", title: "A, revised")
        let next = await daemon.sync()
        #expect(next.built.count == 1 && next.unchanged == 1)
        // A manifest deleted behind its back means a full rebuild.
        try FileManager.default.removeItem(atPath: f.config.state + "/" + Manifest.fileName)
        #expect(await daemon.sync().built.count == 2)
    }

    @Test("the cache is taken only while the file is the one it was made from")
    func stamp() throws {
        let f = try Fixture()
        try f.post("a.md", title: "A")
        let manifest = Manifest(generator: "test")
        try manifest.save(to: f.config.state)
        let cache = try #require(ManifestCache(manifest: manifest, folder: f.config.state))
        #expect(cache.isCurrent(in: f.config.state))
        try manifest.save(to: f.config.state)   // the same bytes, a new file
        #expect(!cache.isCurrent(in: f.config.state))
    }
}
