import Logging
import QuireConvert
import QuirePublish
import Synchronization

/// Turns the publisher's progress into log lines: one per post published
/// (post, formats, milliseconds since its run started) and one per failure
/// (a failure repeated by the next retry is logged once), and keeps the last
/// error for `STATUS=`.
final class PublishLog: Sendable {
    private struct State {
        var started = ContinuousClock.now
        var formats = ""
        var lastError: String?
        /// Failures logged and not yet cleared by their post publishing: a
        /// post that still fails on a retry is not logged again every
        /// minute, however many runs (a burst of saves is several) came
        /// between. A save of the post logs it again.
        var known: Set<String> = []
        /// This run compares everything again (a retry, a rescan): known
        /// failures are not news.
        var quietRepeats = false
    }

    private let logger: Logger
    private let heartbeat: Heartbeat
    private let state = Mutex(State())

    init(logger: Logger, heartbeat: Heartbeat) {
        self.logger = logger
        self.heartbeat = heartbeat
    }

    /// Called before each publisher run.
    func start(formats: [String]) {
        state.withLock {
            $0.started = .now
            $0.formats = formats.joined(separator: ", ")
        }
    }

    /// Called when a run starts (a run may span several publisher calls);
    /// `retry` for a full comparison, where known failures are repeats.
    func beginRun(retry: Bool) {
        state.withLock { $0.quietRepeats = retry }
    }

    /// A post that published or went is fine again: its next failure is news.
    private func clear(_ post: String) {
        state.withLock { state in
            state.known = state.known.filter { !$0.hasPrefix(post + ":") && !$0.hasPrefix(post + " ") }
        }
    }

    var lastError: String? { state.withLock { $0.lastError } }

    func clearError() { state.withLock { $0.lastError = nil } }

    func handle(_ event: PublishEvent) {
        heartbeat.progress()
        switch event {
        case .converting, .converted:
            break
        case .published(let post):
            let (since, formats) = state.withLock { ($0.started, $0.formats) }
            logger.info("published \(post.oneLine) (\(formats)) in \(Self.milliseconds(since: since)) ms")
            clear(post)
        case .removed(let post):
            logger.info("unpublished \(post.oneLine)")
            clear(post)
        case .warning(let line):
            logger.warning("\(line)")
        case .failure(let line):
            let repeated = state.withLock { state in
                state.lastError = line
                return !state.known.insert(line).inserted && state.quietRepeats
            }
            logger.log(level: repeated ? .debug : .error, "\(line)")
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
