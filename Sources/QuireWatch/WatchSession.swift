import Logging
import QuirePublish

/// The watchers for one configuration: the source, asset and template
/// folders recursively, and the configuration file's folder on its own.
/// Settled changes are handed to `deliver` until `stop()`. A reload with
/// the same folders keeps its session; other folders make a new one.
final class WatchSession: Sendable {
    struct Layout: Equatable, Sendable {
        var roots: [String]
        var shallowRoots: [String]

        /// Each folder once; a folder inside another is covered by it.
        init(config: Config, configFile: String) {
            let wanted = ([config.source] + config.assets + (config.templates.map { [$0] } ?? []))
                .map(FileWatcher.normalize)
            var roots: [String] = []
            for path in Set(wanted).sorted() where !wanted.contains(where: { $0 != path && Paths.isInside(path, $0) }) {
                roots.append(path)
            }
            self.roots = roots
            let configFolder = FileWatcher.normalize(Paths.parent(configFile).isEmpty ? "." : Paths.parent(configFile))
            shallowRoots = roots.contains(where: { Paths.isInside(configFolder, $0) }) ? [] : [configFolder]
        }
    }

    let layout: Layout
    /// Signalled by the daemon when it has dealt with the last batch.
    let demand = Demand()
    private let watcher: any Watcher
    private let debounced: DebouncedEvents
    private let pump: Task<Void, Never>

    /// Watches are in place when this returns: the caller reconciles next.
    init(layout: Layout, pollInterval: Duration?, quietPeriod: Duration, logger: Logger,
         deliver: @escaping @Sendable (SettledChanges) -> Void) throws {
        self.layout = layout
        if let pollInterval {
            watcher = PollingWatcher(roots: layout.roots, shallowRoots: layout.shallowRoots, interval: pollInterval)
        } else {
            watcher = try FileWatcher(roots: layout.roots, shallowRoots: layout.shallowRoots, logger: logger)
        }
        let debounced = DebouncedEvents(watcher.events, debouncer: Debouncer(quietPeriod: quietPeriod))
        self.debounced = debounced
        let demand = demand
        pump = Task {
            while let batch = await debounced.next() {
                logger.trace("settled batch: \(batch.paths.count) paths")
                deliver(batch)
                await demand.wait()
            }
            logger.trace("watch session ended")
        }
        let mode = pollInterval.map { "polling every \($0)" } ?? "inotify"
        logger.info("watching \((layout.roots + layout.shallowRoots).map(Paths.display).joined(separator: ", ")) (\(mode))")
    }

    /// A save is under way (its events have not settled): reading the
    /// source now could meet a post half written.
    var isSettling: Bool { debounced.isWaiting }

    func stop() {
        watcher.stop()
        pump.cancel()
        debounced.cancel()
    }
}
