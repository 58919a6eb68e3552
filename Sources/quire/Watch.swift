import ArgumentParser
import Foundation
import Logging
import QuirePublish
import QuireWatch
import ServiceLifecycle

extension Quire {
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish posts on every save (the systemd service).",
            discussion: """
                First compares the source folder with the manifest (what changed while \
                quire was not running is built, what was deleted is unpublished), then \
                watches the source, asset and template folders and the configuration \
                file with inotify and republishes within milliseconds of each save. \
                SIGHUP reloads the configuration (a bad one is reported and the old one \
                kept); SIGTERM and SIGINT finish the post being published and exit.

                Examples:
                  quire watch
                  quire watch --config /etc/quire/quire.yaml
                  quire watch --poll 2s          # network file systems
                """
        )

        @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file (default: quire.yaml here, else the built-in one).", valueName: "file"))
        var configFile: String?

        @Option(name: .customLong("poll"), help: ArgumentHelp("Poll every INTERVAL (2s, 500ms) instead of inotify.", valueName: "interval"))
        var poll: String?

        @Flag(help: "Convert in this process, without worker processes or budgets (for debugging).")
        var inProcess = false

        @Option(name: .customLong("debounce"), help: ArgumentHelp("Milliseconds a file must be quiet before it is published (default: the configuration's).", valueName: "ms"))
        var debounce: Int?

        func validate() throws {
            if let poll, Self.duration(poll) == nil {
                throw ValidationError("--poll: expected an interval such as 2s or 500ms, got '\(poll)'")
            }
            if let debounce, debounce < 0 || debounce > 60_000 {
                throw ValidationError("--debounce: expected milliseconds from 0 to 60000, got \(debounce)")
            }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let style = ConsoleLogHandler.detectStyle(environment: environment)
            // QUIRE_LOG=debug shows every settled change.
            let level = environment["QUIRE_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            LoggingSystem.bootstrap {
                var handler = ConsoleLogHandler(label: $0, style: style)
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "quire")
            let settings = DaemonSettings(
                configFile: configFile, workingDirectory: FileManager.default.currentDirectoryPath,
                pollInterval: poll.flatMap(Self.duration), debounce: debounce.map { .milliseconds($0) },
                environment: environment, inProcess: inProcess)
            let daemon = Daemon(settings: settings, logger: logger)
            // The group's own lifecycle chatter stays below warnings.
            var groupLogger = logger
            groupLogger.logLevel = .warning
            var group = ServiceGroupConfiguration(services: [.init(service: daemon)], logger: groupLogger)
            group.gracefulShutdownSignals = [.sigterm, .sigint]
            // A post that will not finish converting must not hold up a stop.
            group.maximumGracefulShutdownDuration = .seconds(8)
            do {
                try await ServiceGroup(configuration: group).run()
            } catch {
                logger.critical("\(error)")
                throw ExitCode(1)
            }
        }

        /// `2s`, `500ms`, `1.5` (seconds), `1m`.
        static func duration(_ text: String) -> Duration? {
            let text = text.trimmingCharacters(in: .whitespaces).lowercased()
            for (unit, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("", 1.0)] where text.hasSuffix(unit) {
                if let number = Double(text.dropLast(unit.count)), number > 0 {
                    return .milliseconds(Int((number * scale * 1000).rounded()))
                }
            }
            return nil
        }
    }
}
