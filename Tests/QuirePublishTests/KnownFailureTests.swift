import Foundation
import QuireConvert
import Synchronization
import Testing
@testable import QuirePublish

/// Converts in this process, counting conversions per file name; posts
/// whose name starts with "slow" are stopped as if by the time budget.
final class CountingConverter: PostConverting {
    private let counts = Mutex<[String: Int]>([:])

    func count(_ name: String) -> Int { counts.withLock { $0[name] ?? 0 } }

    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        let name = (path as NSString).lastPathComponent
        counts.withLock { $0[name, default: 0] += 1 }
        if name.hasPrefix("slow") { throw ConversionError(path: path, reason: .overBudget("took longer than 5 s")) }
        return try await InProcessConverter().convert(bytes: bytes, path: path, options: options)
    }
}

/// The failure lines a publisher reported as they happened.
final class FailureEvents: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func handle(_ event: PublishEvent) {
        if case let .failure(line) = event { lines.withLock { $0.append(line) } }
    }
}

/// A daemon's publisher converts a broken post once per save: the same bytes
/// again (a second event of one copy, a `touch`, a retry) are neither
/// converted nor reported again; new bytes are. What may pass on another
/// try (a worker stopped by its budget) is tried again. A new publisher
/// (every `quire build`, a reload) reports every failure again.
@Suite struct KnownFailureTests {
    static let invalid: [UInt8] = Array("# Bad\n\nabc ".utf8) + [0xC3, 0x28, 0xFF, 0x0A]

    @Test func unchangedBytesThatFailedAreNotConvertedOrReportedAgain() async throws {
        let f = try Fixture()
        try f.post("good.md", title: "Good")
        let bad = f.root + "/Watch/bad.md"
        try Data(Self.invalid).write(to: URL(fileURLWithPath: bad))
        let converter = CountingConverter(), events = FailureEvents()
        let publisher = Publisher(config: f.config, converter: converter, generator: "test", events: events.handle)

        let first = await publisher.publish(changed: [bad, f.root + "/Watch/good.md"])
        #expect(first.built.count == 1 && first.failedCount == 1)
        #expect(events.all.count == 1 && events.all[0].hasSuffix(":3: the file is not valid UTF-8"), "\(events.all)")
        #expect(converter.count("bad.md") == 1)

        // The same bytes again, touched too: not converted, no new line; the
        // summary still says the post fails.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: bad)
        let again = await publisher.publish(changed: [bad])
        #expect(converter.count("bad.md") == 1)
        #expect(events.all.count == 1, "\(events.all)")
        #expect(again.failedCount == 1 && again.failures == first.failures && again.built.isEmpty)
        // A full comparison (the daemon's retry) neither.
        let sync = await publisher.sync()
        #expect(converter.count("bad.md") == 1 && events.all.count == 1)
        #expect(sync.failures == first.failures && sync.unchanged == 1)

        // New bytes, still broken: converted and reported again.
        try Data(Self.invalid + Array("more\n".utf8)).write(to: URL(fileURLWithPath: bad))
        _ = await publisher.publish(changed: [bad])
        #expect(converter.count("bad.md") == 2 && events.all.count == 2)

        // Fixed, then broken again with the first bytes: said again.
        try f.post("bad.md", title: "Fixed")
        #expect(await publisher.publish(changed: [bad]).built.count == 1)
        try Data(Self.invalid).write(to: URL(fileURLWithPath: bad))
        _ = await publisher.publish(changed: [bad])
        #expect(converter.count("bad.md") == 4 && events.all.count == 3)

        // Deleted and copied back, same bytes: a new file, said again.
        try f.remove("Watch/bad.md")
        _ = await publisher.publish(changed: [bad])
        try Data(Self.invalid).write(to: URL(fileURLWithPath: bad))
        _ = await publisher.publish(changed: [bad])
        #expect(converter.count("bad.md") == 5 && events.all.count == 4)

        // The daemon's race: its retry (a full comparison) meets a new broken
        // post before the post's own debounced change does. Said once.
        let late = f.root + "/Watch/late.md"
        try Data(Self.invalid).write(to: URL(fileURLWithPath: late))
        _ = await publisher.sync()
        _ = await publisher.publish(changed: [late])
        #expect(converter.count("late.md") == 1 && events.all.filter { $0.contains("late.md") }.count == 1, "\(events.all)")

        // Another publisher (a new `quire build`, a reload): every failure again.
        let fresh = FailureEvents()
        let build = await Publisher(config: f.config, converter: converter, generator: "test", events: fresh.handle).sync()
        #expect(build.failedCount == 2 && fresh.all.count == 2 && converter.count("bad.md") == 6)
    }

    @Test func aPostStoppedByItsBudgetIsTriedAgain() async throws {
        let f = try Fixture()
        try f.post("slow.md", title: "Slow")
        let slow = f.root + "/Watch/slow.md"
        let converter = CountingConverter(), events = FailureEvents()
        let publisher = Publisher(config: f.config, converter: converter, generator: "test", events: events.handle)
        for run in 1...2 {
            let summary = await publisher.publish(changed: [slow])
            #expect(summary.failedCount == 1 && converter.count("slow.md") == run && events.all.count == run)
        }
        #expect(events.all.allSatisfy { $0.contains("stopped: took longer than 5 s") }, "\(events.all)")
        _ = await publisher.sync()
        #expect(converter.count("slow.md") == 3)
    }

    @Test func aTemplateChangeConvertsAFailedPostAgain() async throws {
        let f = try Fixture()
        let bad = f.root + "/Watch/bad.md"
        try Data(Self.invalid).write(to: URL(fileURLWithPath: bad))
        try f.write("templates/page.html", "{{content}}")
        f.config.templates = f.root + "/templates"
        let converter = CountingConverter()
        let publisher = Publisher(config: f.config, converter: converter, generator: "test")
        _ = await publisher.publish(changed: [bad])
        _ = await publisher.publish(changed: [bad])
        #expect(converter.count("bad.md") == 1)
        try f.write("templates/page.html", "<main>{{content}}</main>")
        _ = await publisher.publish(changed: [f.root + "/templates/page.html"])
        #expect(converter.count("bad.md") == 2)
    }
}
