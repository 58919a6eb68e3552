import Foundation
@testable import QuireWatch

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

    func waitFor(timeout: Duration = .seconds(30), _ predicate: ([FileEvent]) -> Bool) async -> Bool {
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
