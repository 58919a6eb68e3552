import Foundation
import Logging
import QuirePublish
import ServiceLifecycle

/// The daemon's state and what it does with each input. Lives inside
/// `Daemon.run()`; one input at a time.
struct DaemonLoop {
    private let daemon: Daemon
    private let input: AsyncStream<Daemon.Input>.Continuation
    private let log: PublishLog
    private var config: Config
    private var publisher: Publisher
    /// The supervised conversion workers (nil with `--in-process`).
    private var pool: WorkerPool?
    private var session: WatchSession?
    private var quietPeriod: Duration
    private var backoff = Backoff(first: 0.5, limit: 60)
    private var retry: Task<Void, Never>?
    private var lastRun = PublishSummary()
    private var settings: DaemonSettings { daemon.settings }
    private var logger: Logger { daemon.logger }
    private var notifier: SystemdNotifier { daemon.notifier }

    /// The configuration file watched for changes: `--config`, else
    /// `quire.yaml` in the working directory (which may appear later).
    let configFile: String

    init(daemon: Daemon, heartbeat: Heartbeat, input: AsyncStream<Daemon.Input>.Continuation) throws {
        self.daemon = daemon
        self.input = input
        log = PublishLog(logger: daemon.logger, heartbeat: heartbeat)
        configFile = Paths.absolute(daemon.settings.configFile ?? Config.fileName, base: daemon.settings.workingDirectory)
        config = try Self.loadConfig(daemon.settings)
        (publisher, pool) = Self.makePublisher(config, settings: daemon.settings, log: log)
        quietPeriod = daemon.settings.debounce ?? .milliseconds(Int((config.debounce * 1000).rounded()))
    }

    /// Watches first (so nothing saved during the reconcile is missed), then
    /// reconciles, then tells systemd it is ready.
    mutating func start() async {
        notifier.status("starting: comparing \(Paths.display(config.source)) with the manifest")
        logger.notice("configuration: \(config.file.map(Paths.display) ?? "built-in default"); source \(Paths.display(config.source)); targets \(config.targets.map(\.description).joined(separator: "; "))")
        startSession()
        await reconcile()
        guard !Task.isShuttingDownGracefully else { return }
        notifier.ready(status: statusLine())
        logger.notice("ready")
    }

    /// Stops watching and retrying, and ends the workers.
    mutating func finish() async {
        session?.stop()
        session = nil
        retry?.cancel()
        await pool?.shutdown()
        pool = nil
    }

    mutating func handle(_ next: Daemon.Input) async {
        switch next {
        case .changes(let batch):
            await apply(batch)
            session?.demand.signal()
        case .reload(let fromSignal): await reload(fromSignal: fromSignal)
        case .retry:
            // A full comparison reads every post: not while one is being saved
            // (it would be read half written, and reported twice if broken). The
            // save's own batch comes first; the retry follows once it has settled.
            if session?.isSettling == true {
                scheduleRetry(after: quietPeriod)
            } else {
                await reconcile()
            }
        }
    }

    // MARK: - Changes

    private mutating func apply(_ batch: SettledChanges) async {
        logger.debug("settled: \(batch.paths.joined(separator: ", "))\(batch.rescan ? " (rescan)" : "")")
        for root in batch.goneRoots {
            notifier.status("\(Paths.display(root)) is gone; waiting for it to come back (outputs kept)")
        }
        var paths: [String] = []
        var configTouched = false
        let roots = session?.layout.roots ?? []
        for path in batch.paths {
            if path == configFile {
                configTouched = true
            } else if !roots.contains(where: { Paths.isInside(path, $0) }) {
                continue   // another file beside the configuration file
            } else if Paths.isInside(path, config.state) || config.targets.contains(where: { Paths.isInside(path, $0.path) }) {
                continue   // our own writes, when a target lies inside a watched folder
            } else {
                paths.append(path)
            }
        }
        if batch.rescan {
            await reconcile()
        } else if !paths.isEmpty {
            await publish(paths)
        }
        if configTouched {
            if FileStatus(path: configFile) == nil {
                logger.error("\(Paths.display(configFile)): the configuration file was deleted; keeping the last good configuration until it is back")
                notifier.status("configuration file deleted; running on the last good one")
            } else {
                await reload(fromSignal: false)
            }
        }
    }

    /// Publishes what these paths touch: posts (present: publish; gone:
    /// unpublish), folders of posts, templates and images (the posts using them).
    private mutating func publish(_ paths: [String]) async {
        log.beginRun(retry: false)
        var summary = PublishSummary()
        for chunk in paths.chunks(of: settings.chunkSize) {
            if Task.isShuttingDownGracefully { return }
            log.start(formats: formats)
            summary.merge(await publisher.publish(changed: Array(chunk)))
        }
        finished(summary, full: false)
    }

    /// Compares every source with the manifest. A large folder is published in
    /// chunks, so a shutdown waits for one chunk, not the whole build; the
    /// final full sync then takes down what was deleted.
    private mutating func reconcile() async {
        retry?.cancel()
        retry = nil
        log.beginRun(retry: true)
        var summary = PublishSummary()
        let posts = SourceFolder.posts(in: config.source).posts
        if posts.count > settings.chunkSize {
            for chunk in posts.chunks(of: settings.chunkSize) {
                if Task.isShuttingDownGracefully { return }
                log.start(formats: formats)
                summary.merge(await publisher.publish(changed: chunk.map { config.source + "/" + $0 }))
            }
        }
        if Task.isShuttingDownGracefully { return }
        log.start(formats: formats)
        // After the chunks every post is up to date: the sync only counts them again.
        summary.merge(await publisher.sync(), countingUnchanged: posts.count <= settings.chunkSize)
        finished(summary, full: true)
    }

    /// After a run: failures are retried with a growing delay until a run
    /// succeeds; that is how a read-only target, a full disk or an
    /// unwritable state folder converge once the fault is gone.
    private mutating func finished(_ summary: PublishSummary, full: Bool) {
        lastRun = summary
        // Each post has its own line; the totals matter after a full comparison.
        logger.log(level: full ? .info : .debug, "\(full ? "reconciled" : "published"): \(summary)")
        if summary.failures.isEmpty {
            backoff.reset()
            log.clearError()
        } else if !Task.isShuttingDownGracefully {
            let delay = backoff.nextDelay()
            logger.warning("\(summary.failures.count) problem(s); retrying in \(Self.seconds(delay))")
            scheduleRetry(after: .milliseconds(Int(delay * 1000)))
        }
        notifier.status(statusLine())
    }

    private mutating func scheduleRetry(after delay: Duration) {
        retry?.cancel()
        let input = input
        retry = Task {
            try? await Task.sleep(for: delay)
            if !Task.isCancelled { input.yield(.retry) }
        }
    }

    // MARK: - Reload

    /// SIGHUP, or the configuration file saved: read it again; a bad one is
    /// reported and the running one kept. Then reconcile, which rebuilds what
    /// the new configuration changes (the publisher fingerprints it per target).
    private mutating func reload(fromSignal: Bool) async {
        // The same RELOADING=1 ... READY=1 pair for a saved configuration
        // file as for SIGHUP: systemctl shows "reloading" either way.
        notifier.reloading()
        logger.notice("reloading the configuration (\(fromSignal ? "SIGHUP" : "the file changed"))")
        let fresh: Config
        do {
            fresh = try Self.loadConfig(settings)
        } catch {
            logger.error("\(error); keeping the running configuration")
            notifier.ready(status: "reload failed: \(error); running on the previous configuration")
            return
        }
        let changed = fresh != config
        config = fresh
        // New workers for the new budget; the old ones finish and go.
        let old = pool
        (publisher, pool) = Self.makePublisher(fresh, settings: settings, log: log)
        await old?.shutdown()
        let wanted = settings.debounce ?? .milliseconds(Int((fresh.debounce * 1000).rounded()))
        if session?.layout != WatchSession.Layout(config: fresh, configFile: configFile) || wanted != quietPeriod {
            quietPeriod = wanted
            session?.stop()
            startSession()
        }
        logger.notice("configuration \(changed ? "reloaded" : "unchanged") (\(fresh.file.map(Paths.display) ?? "built-in default"))")
        await reconcile()
        notifier.ready(status: statusLine())
    }

    // MARK: - Helpers

    /// The configuration, refused (as `quire build` refuses it) when a target
    /// lies inside the source or holds the state folder: publishing into what
    /// is watched would feed on itself.
    static func loadConfig(_ settings: DaemonSettings) throws -> Config {
        let config = try Config.resolve(explicit: settings.configFile, workingDirectory: settings.workingDirectory)
        if let problem = config.structuralProblems().first { throw problem }
        return config
    }

    /// Each post converts in a supervised worker under the configured budget,
    /// so a hostile post (a hang, a memory bomb, a crash in a C library)
    /// costs only itself, never the daemon.
    static func makePublisher(_ config: Config, settings: DaemonSettings, log: PublishLog) -> (Publisher, WorkerPool?) {
        let pool = settings.inProcess ? nil : WorkerPool(budget: config.limits.budget)
        return (Publisher(config: config, converter: pool ?? InProcessConverter(), events: log.handle), pool)
    }

    private mutating func startSession() {
        let layout = WatchSession.Layout(config: config, configFile: configFile)
        let input = input
        do {
            session = try WatchSession(layout: layout, pollInterval: settings.pollInterval, quietPeriod: quietPeriod,
                                       logger: logger) { input.yield(.changes($0)) }
        } catch {
            // inotify unavailable (out of instances): polling still works.
            logger.error("\(error); polling every 2 s instead")
            session = try? WatchSession(layout: layout, pollInterval: .seconds(2), quietPeriod: quietPeriod,
                                        logger: logger) { input.yield(.changes($0)) }
        }
    }

    private var formats: [String] {
        var seen: [String] = []
        for target in config.targets where !seen.contains(target.format.rawValue) { seen.append(target.format.rawValue) }
        return seen
    }

    private func statusLine() -> String {
        var line = "watching \(Paths.display(config.source)); last run: \(lastRun)"
        if let error = log.lastError { line += "; last error: \(error)" }
        return line
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int(value * 1000)) ms" : "\(Int(value.rounded())) s"
    }
}
