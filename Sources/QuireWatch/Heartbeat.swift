import Synchronization

/// Tells the systemd watchdog the truth: the daemon is healthy when its
/// event loop is waiting for work, or when it is busy and publishing has made
/// progress recently. A loop stuck in one post stops the pings and systemd
/// restarts the service.
final class Heartbeat: Sendable {
    private let busySince = Atomic<UInt64>(0)     // 0: idle
    private let lastProgress = Atomic<UInt64>(0)

    func beginWork() {
        let now = Monotonic.nanoseconds()
        lastProgress.store(now, ordering: .relaxed)
        busySince.store(now, ordering: .relaxed)
    }

    func progress() { lastProgress.store(Monotonic.nanoseconds(), ordering: .relaxed) }

    func endWork() { busySince.store(0, ordering: .relaxed) }

    /// Healthy if idle, or if busy with progress within `window`.
    func isHealthy(window: Duration) -> Bool {
        guard busySince.load(ordering: .relaxed) != 0 else { return true }
        let limit = UInt64(window.components.seconds) * 1_000_000_000 + UInt64(window.components.attoseconds / 1_000_000_000)
        return Monotonic.nanoseconds() &- lastProgress.load(ordering: .relaxed) < limit
    }
}
