import Logging
import QuirePublish
import ServiceLifecycle
import UnixSignals

/// `quire watch` as a swift-service-lifecycle `Service`: reconcile the
/// source with the manifest, tell systemd it is ready, then republish what
/// changes until a graceful shutdown (SIGTERM, SIGINT, from the
/// `ServiceGroup`). SIGHUP reloads the configuration.
public final class Daemon: Service {
    enum Input: Sendable {
        case changes(SettledChanges)
        case reload(fromSignal: Bool)
        case retry
    }

    let settings: DaemonSettings
    let logger: Logger
    let notifier: SystemdNotifier

    public init(settings: DaemonSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.notifier = SystemdNotifier(environment: settings.environment)
    }

    public func run() async throws {
        let (inputs, input) = AsyncStream.makeStream(of: Input.self)
        let heartbeat = Heartbeat()
        // A configuration that cannot be read at start is fatal (exit 1,
        // systemd's Restart=on-failure tries again); later, a bad one is
        // reported and the running one kept.
        var loop = try DaemonLoop(daemon: self, heartbeat: heartbeat, input: input)

        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let reloads = Task {
            for await _ in hangups { input.yield(.reload(fromSignal: true)) }
        }
        defer { reloads.cancel() }
        let watchdog = startWatchdog(heartbeat: heartbeat)
        defer { watchdog?.cancel() }

        let notifier = notifier, logger = logger
        await withGracefulShutdownHandler {
            await loop.start()
            guard !Task.isShuttingDownGracefully else { return }
            for await next in inputs.cancelOnGracefulShutdown() {
                heartbeat.beginWork()
                await loop.handle(next)
                heartbeat.endWork()
            }
        } onGracefulShutdown: {
            logger.notice("stopping: finishing the post being published")
            notifier.stopping(status: "stopping")
        }
        await loop.finish()
        logger.notice("stopped")
    }

    /// `WATCHDOG=1` at half of `WATCHDOG_USEC`, while the loop is healthy.
    private func startWatchdog(heartbeat: Heartbeat) -> Task<Void, Never>? {
        guard let interval = notifier.watchdogInterval else { return nil }
        let notifier = notifier, logger = logger
        return Task {
            var warned = false
            while !Task.isCancelled {
                if heartbeat.isHealthy(window: interval * 2) {
                    notifier.watchdog()
                    warned = false
                } else if !warned {
                    logger.warning("no publishing progress for \(interval * 2); not pinging the watchdog")
                    warned = true
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
