import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

/// Runs `action` once, when the first post's conversion starts: by then
/// only the first few posts' conversion tasks have started (and read their
/// posts).
final class ActingConverter: PostConverting, @unchecked Sendable {
    private let lock = NSLock()
    private var action: (() -> Void)?

    init(_ action: @escaping () -> Void) { self.action = action }

    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        let act = lock.withLock { () -> (() -> Void)? in
            defer { action = nil }
            return action
        }
        act?()
        return try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
    }
}

@Suite("Publisher first build")
struct PublisherFirstReadTests {
    /// A post with no record is read by its conversion task, not before the
    /// first conversion starts; what is recorded must be what was converted.
    @Test("a post read by its conversion task: one gone meanwhile is not published, one changed is published as read")
    func readWhenConverted() async throws {
        let f = try Fixture()
        for i in 0..<40 { try f.post(String(format: "p%02d.md", i), title: "Post \(i)") }
        let converter = ActingConverter {
            try? f.remove("Watch/p30.md")
            try? f.post("p31.md", title: "Changed")
        }
        let publisher = Publisher(config: f.config, converter: converter, concurrency: 2, generator: "test")
        let first = await publisher.sync()
        #expect(first.succeeded && first.failures.isEmpty)
        #expect(first.built.count == 39)
        #expect(!f.exists(f.html + "/p30/index.html"))
        #expect(f.read(f.html + "/p31/index.html")?.contains("<title>Changed</title>") == true)
        // The hash recorded is that of the bytes converted: nothing to redo.
        let second = await publisher.sync()
        #expect(second.built.isEmpty && second.unchanged == 39)
    }
}
