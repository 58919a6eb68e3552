import Synchronization

/// Runs a `Debouncer` on the real clock over a watcher's events. The
/// consumer pulls: `next()` waits until something has settled and returns
/// everything settled by then, so while the daemon is busy publishing, new
/// changes gather into one batch instead of queueing up one by one.
public final class DebouncedEvents: Sendable {
    private let state: Mutex<Debouncer>
    private let wake: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation
    private let finished = Atomic<Bool>(false)
    private let feeder = Mutex<Task<Void, Never>?>(nil)
    /// Only `next()` touches the iterator, and `next()` has one caller.
    nonisolated(unsafe) private var wakeIterator: AsyncStream<Void>.Iterator

    public init(_ events: AsyncStream<FileEvent>, debouncer: Debouncer = Debouncer()) {
        state = Mutex(debouncer)
        (wake, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wakeIterator = wake.makeAsyncIterator()
        let continuation = wakeContinuation
        feeder.withLock {
            $0 = Task { [weak self] in
                for await event in events {
                    self?.state.withLock { $0.record(event, at: .now) }
                    continuation.yield()
                }
                self?.finished.store(true, ordering: .sequentiallyConsistent)
                continuation.finish()
            }
        }
    }

    /// The next batch of settled changes; `nil` once the events have ended and
    /// everything pending was handed out, or when the task is cancelled.
    public func next() async -> SettledChanges? {
        while !Task.isCancelled {
            let (batch, deadline, idle) = state.withLock { debouncer in
                let deadline = debouncer.nextDeadline.map { deadline in
                    // Deadlines only move later, except when a held file is
                    // closed: then look again within one quiet period.
                    debouncer.isHolding ? min(deadline, .now + debouncer.quietPeriod) : deadline
                }
                return (debouncer.settled(at: .now), deadline, debouncer.isIdle)
            }
            if !batch.isEmpty { return batch }
            if let deadline {
                try? await Task.sleep(until: deadline, clock: .continuous)
            } else if finished.load(ordering: .sequentiallyConsistent) && idle {
                return nil
            } else if await wakeIterator.next() == nil, state.withLock({ $0.isIdle }) {
                return nil
            }
        }
        return nil
    }

    /// A change is waiting for its quiet period, or for its file to be closed.
    public var isWaiting: Bool { state.withLock { !$0.isIdle } }

    public func cancel() {
        feeder.withLock { $0?.cancel() }
    }

    deinit { cancel() }
}
