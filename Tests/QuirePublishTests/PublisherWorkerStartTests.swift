import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

/// Converts in this process and records every `prepare(jobs:)` hint.
final class PreparingConverter: PostConverting, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [Int] = []
    private var converted = 0

    var prepared: [Int] { lock.withLock { asked } }
    var conversions: Int { lock.withLock { converted } }

    func prepare(jobs: Int) {
        lock.withLock { asked.append(jobs) }
    }

    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        lock.withLock { converted += 1 }
        return try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
    }
}

@Suite("Publisher worker start")
struct PublisherWorkerStartTests {
    /// Three new posts: one worker at the first, then as many as run at
    /// once (two), or, with more workers than posts, one for each post.
    @Test("no manifest: the scan asks for one worker at the first post, then for as many as will be busy",
          arguments: [(workers: 2, asked: [1, 2]), (workers: 8, asked: [1, 3])])
    func firstBuild(workers: Int, asked: [Int]) async throws {
        let f = try Fixture()
        for i in 1...3 { try f.post("p\(i).md", title: "Post \(i)") }
        let converter = PreparingConverter()
        let publisher = Publisher(config: f.config, converter: converter, concurrency: workers, generator: "test")
        #expect(await publisher.sync().built.count == 3)
        #expect(converter.prepared == asked)
    }

    @Test("nothing changed: no worker is asked for; one changed post: one, before its conversion")
    func noOpAndOneChange() async throws {
        let f = try Fixture()
        for i in 1...4 { try f.post("p\(i).md", title: "Post \(i)") }
        _ = await f.build(settle: .zero)
        // The manifest's time must lie after the posts' for them to count as unchanged.
        try await Task.sleep(for: .milliseconds(20))

        let idle = PreparingConverter()
        let publisher = Publisher(config: f.config, converter: idle, generator: "test")
        await publisher.setSettle(.zero)
        let none = await publisher.sync()
        #expect(none.built.isEmpty && none.unchanged == 4)
        #expect(idle.prepared.isEmpty, "a build with nothing to convert starts no worker")
        #expect(idle.conversions == 0)

        try await Task.sleep(for: .milliseconds(20))
        try f.post("p3.md", title: "Post 3, again")
        let busy = PreparingConverter()
        let one = await Publisher(config: f.config, converter: busy, generator: "test").sync()
        #expect(one.built.count == 1 && one.unchanged == 3)
        #expect(busy.prepared == [1])
        #expect(busy.conversions == 1)
    }
}
