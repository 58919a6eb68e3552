#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import QuireConvert

/// Log lines on standard error. Under journald (`$JOURNAL_STREAM` names our
/// standard error) each line starts with a `<N>` syslog priority, which
/// journald turns into the entry's priority, and carries no timestamp (the
/// journal adds its own). Otherwise: a timestamp and the level in words.
public struct ConsoleLogHandler: LogHandler {
    public enum Style: Sendable { case journal, terminal }

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let style: Style
    private let label: String

    public init(label: String, style: Style) {
        self.label = label
        self.style = style
    }

    /// `.journal` when `$JOURNAL_STREAM` ("device:inode") is our standard
    /// error, as sd_journal documents; a stale variable inherited by a child
    /// whose stderr was redirected does not count.
    public static func detectStyle(environment: [String: String]) -> Style {
        guard let value = environment["JOURNAL_STREAM"] else { return .terminal }
        let parts = value.split(separator: ":")
        var st = stat()
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
              fstat(STDERR_FILENO, &st) == 0 else { return .terminal }
        return UInt64(st.st_dev) == device && UInt64(st.st_ino) == inode ? .journal : .terminal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = format(level: event.level, message: event.message, metadata: event.metadata)
        // One write(2) per line: lines from several threads never interleave.
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
    }

    func format(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?) -> String {
        var merged = metadata
        if let extra { merged.merge(extra) { $1 } }
        let details = merged.isEmpty ? ""
            : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        // One event, one line: a newline inside a message would split it.
        // Other control characters (a file name's) are escaped, not sent to
        // the terminal or journal.
        let text = "\(message)\(details)".replacingOccurrences(of: "\n", with: " ").oneLine
        switch style {
        case .journal:
            return "<\(Self.priority(level))>\(text)\n"
        case .terminal:
            return "\(Self.timestamp()) \(level.rawValue.uppercased()) \(text)\n"
        }
    }

    /// syslog priorities, as `sd-daemon.h` spells them (`SD_ERR` is `<3>`).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        localtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000))
    }
}
