import Foundation

/// A stop request that a polling thread sleeps on between polls, so that
/// `stop()` ends it at once instead of after the interval.
final class StopSignal: @unchecked Sendable {   // `stopped` is guarded by `condition`
    private let condition = NSCondition()
    private var stopped = false

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Sleeps for up to `seconds`; true once stopped.
    func sleep(seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
        return stopped
    }
}
