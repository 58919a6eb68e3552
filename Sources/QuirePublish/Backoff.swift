/// How long to wait before retrying a failed sync: doubling from `first`
/// up to `limit`, back to `first` after a success.
public struct Backoff: Sendable, Equatable {
    public var first: Double
    public var limit: Double
    public private(set) var failures = 0

    public init(first: Double = 1, limit: Double = 60) {
        self.first = first
        self.limit = limit
    }

    /// Seconds to wait after one more failure.
    public mutating func nextDelay() -> Double {
        failures += 1
        var delay = first
        for _ in 1..<failures where delay < limit { delay *= 2 }
        return min(delay, limit)
    }

    public mutating func reset() { failures = 0 }
}
