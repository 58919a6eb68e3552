/// Coalesces the bursts of events one save makes into one change per path.
///
/// A path settles when no event has touched it for `quietPeriod`. A file
/// that was created and not yet closed is held until it is closed (or for at
/// most `maximumHold`), so a slow writer is converted once, when it is done.
/// A path whose last event was a removal waits `removalGrace`: editors that
/// rename the old file away and then write the new one (vim with a backup)
/// must not unpublish the post in between, even on a busy machine. A pending
/// removal leaves with any other path that settles, so a rename (old name
/// gone, new name written) reaches the publisher as one change.
/// Hidden and temporary names (`PathFilter`) never settle: an editor's swap,
/// backup and probe files make no rebuild; the rename or close on the real
/// name does.
///
/// A value driven by explicit instants so that tests control time;
/// `DebouncedEvents` runs it on the real clock.
public struct Debouncer: Sendable {
    public var quietPeriod: Duration
    public var removalGrace: Duration
    public var maximumHold: Duration

    private struct Pending: Sendable {
        var last: ContinuousClock.Instant
        /// Created and not yet closed: wait for the close.
        var heldSince: ContinuousClock.Instant?
        var removed = false
    }

    private var pending: [String: Pending] = [:]
    private var rescan = false
    private var goneRoots: [String] = []

    public init(quietPeriod: Duration = .milliseconds(50), removalGrace: Duration = .milliseconds(500),
                maximumHold: Duration = .seconds(60)) {
        self.quietPeriod = quietPeriod
        self.removalGrace = max(removalGrace, quietPeriod)
        self.maximumHold = maximumHold
    }

    public var isIdle: Bool { pending.isEmpty && !rescan && goneRoots.isEmpty }

    /// A file is held open: its close can make `nextDeadline` earlier.
    public var isHolding: Bool { pending.values.contains { $0.heldSince != nil || $0.removed } }

    public mutating func record(_ event: FileEvent, at now: ContinuousClock.Instant) {
        switch event.kind {
        case .rescan:
            rescan = true
        case .rootGone:
            if !goneRoots.contains(event.path) { goneRoots.append(event.path) }
        case .created, .written, .removed:
            let name = PathFilter.lastComponent(event.path)
            if event.isDirectory ? PathFilter.isIgnored(folder: name) : PathFilter.isIgnored(name: name) { return }
            var entry = pending[event.path] ?? Pending(last: now, heldSince: nil)
            entry.last = now
            entry.removed = event.kind == .removed
            switch event.kind {
            case .created: entry.heldSince = entry.heldSince ?? now
            default: entry.heldSince = nil
            }
            pending[event.path] = entry
        }
    }

    private func deadline(_ entry: Pending) -> ContinuousClock.Instant {
        if let held = entry.heldSince { return max(held + maximumHold, entry.last + quietPeriod) }
        return entry.last + (entry.removed ? removalGrace : quietPeriod)
    }

    /// When the next path may settle; `nil` when nothing is waiting on time.
    public var nextDeadline: ContinuousClock.Instant? {
        if rescan || !goneRoots.isEmpty { return .now }
        return pending.values.map(deadline).min()
    }

    /// Takes out everything that has settled by `now`, with the removals that
    /// are quiet for `quietPeriod` when anything settles.
    public mutating func settled(at now: ContinuousClock.Instant) -> SettledChanges {
        var out = SettledChanges(rescan: rescan, goneRoots: goneRoots)
        rescan = false
        goneRoots = []
        for (path, entry) in pending where now >= deadline(entry) {
            pending.removeValue(forKey: path)
            out.paths.append(path)
        }
        if !out.paths.isEmpty {
            for (path, entry) in pending where entry.removed && now >= entry.last + quietPeriod {
                pending.removeValue(forKey: path)
                out.paths.append(path)
            }
        }
        out.paths.sort()
        return out
    }
}
