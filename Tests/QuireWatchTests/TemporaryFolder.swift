import Foundation
@testable import QuireWatch

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("quire-watch-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = (base as NSString).resolvingSymlinksInPath
    }

    func write(_ relative: String, _ text: String) throws {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Collects a watcher's events until a condition holds.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [FileEvent] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<FileEvent>) {
        task = Task { [weak self] in
            for await event in stream { self?.lock.withLock { self?.events.append(event) } }
        }
    }

    var all: [FileEvent] { lock.withLock { events } }

    func waitFor(timeout: Duration = .seconds(5), _ predicate: ([FileEvent]) -> Bool) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if predicate(all) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return predicate(all)
    }

    func contains(_ kind: FileEvent.Kind, _ path: String) -> Bool {
        all.contains { $0.kind == kind && $0.path == path }
    }
}
