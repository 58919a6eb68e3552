import QuireConvert

/// One post for a worker to convert.
public struct WorkerJob: Sendable, Equatable {
    /// The post's path. Without `bytes` the worker reads this file and no
    /// other; with `bytes` it only names the post in errors.
    public var path: String
    /// The post itself when it does not come from a file (standard input).
    public var bytes: [UInt8]?
    public var options: ConversionOptions
    /// The time budget, which the worker also enforces on itself as CPU
    /// time, in case the process that sent the job has died.
    public var seconds: Double

    public init(path: String, bytes: [UInt8]? = nil, options: ConversionOptions, seconds: Double) {
        self.path = path
        self.bytes = bytes
        self.options = options
        self.seconds = seconds
    }
}
