/// A consumer's "ready for more": the watch session hands over the next
/// batch only after the daemon finished the last one, so changes that settle
/// during a long publish wait in the debouncer and come out as one batch.
final class Demand: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func signal() { continuation.yield() }

    /// Returns at the next `signal()` (or at once if one is pending), or when
    /// the waiting task is cancelled. One waiter at a time.
    func wait() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
    }
}
