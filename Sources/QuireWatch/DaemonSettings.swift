/// How `quire watch` was asked to run.
public struct DaemonSettings: Sendable {
    /// `--config FILE`; nil: `quire.yaml` in the working directory, else the built-in default.
    public var configFile: String?
    public var workingDirectory: String
    /// `--poll INTERVAL`: stat polling instead of inotify (network file systems).
    public var pollInterval: Duration?
    /// `--debounce MS`; nil: the configuration's `debounce`.
    public var debounce: Duration?
    /// `NOTIFY_SOCKET`, `WATCHDOG_USEC`, `JOURNAL_STREAM` come from here.
    public var environment: [String: String]
    /// Posts per publisher run in a large build: shutdown waits for at most one chunk.
    public var chunkSize: Int
    /// Convert in this process instead of supervised workers under the
    /// configuration's per-post budget (`--in-process`, for debugging).
    public var inProcess: Bool

    public init(configFile: String? = nil, workingDirectory: String, pollInterval: Duration? = nil,
                debounce: Duration? = nil, environment: [String: String], chunkSize: Int = 64,
                inProcess: Bool = false) {
        self.configFile = configFile
        self.workingDirectory = workingDirectory
        self.pollInterval = pollInterval
        self.debounce = debounce
        self.environment = environment
        self.chunkSize = max(1, chunkSize)
        self.inProcess = inProcess
    }
}
