import Foundation
import Logging
import Testing
@testable import QuireWatch

/// A failure is logged once while it lasts: retries repeat it quietly, even
/// when the saves that first showed it came in several runs (a burst of
/// saves is published in several). A save, or the post fixed and broken
/// again, shows it again.
@Suite struct PublishLogTests {
    final class Lines: LogHandler, @unchecked Sendable {
        let lock = NSLock()
        var lines: [(Logger.Level, String)] = []
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { lock.withLock { lines.append((event.level, "\(event.message)")) } }
        func errors(_ text: String) -> Int { lock.withLock { lines.filter { $0.0 == .error && $0.1 == text }.count } }
    }

    @Test func aFailureIsLoggedOnceAcrossRunsAndRetries() {
        let lines = Lines()
        let log = PublishLog(logger: Logger(label: "test") { _ in lines }, heartbeat: Heartbeat())
        let a = "Watch/a.md:3: the file is not valid UTF-8", b = "Watch/b.md: the post is empty and has no title"
        // Two runs of one burst of saves, then two retries.
        log.beginRun(retry: false)
        log.handle(.failure(a))
        log.beginRun(retry: false)
        log.handle(.failure(b))
        for _ in 0..<2 {
            log.beginRun(retry: true)
            log.handle(.failure(a))
            log.handle(.failure(b))
        }
        #expect(lines.errors(a) == 1 && lines.errors(b) == 1)
        // Saved again, still broken: said again.
        log.beginRun(retry: false)
        log.handle(.failure(a))
        #expect(lines.errors(a) == 2)
        // Fixed, then broken again: a retry says it again too.
        log.handle(.published(post: "Watch/b.md"))
        log.beginRun(retry: true)
        log.handle(.failure(b))
        #expect(lines.errors(b) == 2)
    }
}
