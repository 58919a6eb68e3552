import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

/// Holds the first post for a while (a post that hangs until its budget
/// stops it) and counts the conversions started meanwhile.
final class StallingConverter: PostConverting, @unchecked Sendable {
    private let lock = NSLock()
    private var startedOthers = 0
    private var seenWhileStalled = 0
    let stalled: String

    init(stalled: String) { self.stalled = stalled }

    var startedWhileStalled: Int { lock.withLock { seenWhileStalled } }

    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        if path.hasSuffix("/" + stalled) {
            // Long enough for the other posts to run far ahead, if allowed.
            try? await Task.sleep(for: .milliseconds(600))
            lock.withLock { seenWhileStalled = startedOthers }
        } else {
            lock.withLock { startedOthers += 1 }
        }
        return try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
    }
}

@Suite("Publisher conversions ahead")
struct PublisherAheadTests {
    @Test("behind a post that is slow to convert, only so many others are converted and held")
    func slowPostHoldsABoundedNumber() async throws {
        let f = try Fixture()
        let count = Publisher.convertedAhead * 2 + 10
        for i in 0..<count { try f.post(String(format: "p%03d.md", i), title: "Post \(i)") }
        let converter = StallingConverter(stalled: "p000.md")
        let summary = await Publisher(config: f.config, converter: converter, concurrency: 2, generator: "test").sync()
        #expect(summary.built.count == count && summary.succeeded)
        // The stalled post and those started after it stay within the window.
        #expect(converter.startedWhileStalled <= Publisher.convertedAhead - 1)
        #expect(converter.startedWhileStalled >= 3, "the other workers still kept busy: \(converter.startedWhileStalled)")
    }
}
