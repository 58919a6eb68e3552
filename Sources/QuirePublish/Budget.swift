import Foundation

/// What one post may cost to convert: wall-clock time and memory. A post
/// that goes over is stopped and becomes a one-line error for that post;
/// the other posts and the process that asked carry on.
public struct Budget: Sendable, Equatable, Codable {
    /// Wall-clock seconds from the moment a worker receives the post.
    public var seconds: Double
    /// Bytes of address space a worker may add, above its idle size, while
    /// it converts one post.
    public var memory: Int

    public static let `default` = Budget(seconds: 5, memory: 512 << 20)

    public init(seconds: Double, memory: Int) {
        self.seconds = seconds
        self.memory = memory
    }

    /// `took more than 5 s`, the reason a post over its time goes with.
    public var timeExceeded: String { "took more than \(Self.describe(seconds: seconds))" }

    /// `used more than 512 MB`.
    public var memoryExceeded: String { "used more than \(Self.describe(bytes: memory))" }

    static func describe(seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
        return String(format: "%.1f s", seconds)
    }

    static func describe(bytes: Int) -> String {
        let megabytes = Double(bytes) / Double(1 << 20)
        if megabytes >= 1, megabytes == megabytes.rounded() { return "\(Int(megabytes)) MB" }
        if megabytes >= 1 { return String(format: "%.1f MB", megabytes) }
        return "\(bytes / 1024) KB"
    }
}

extension Config.Limits {
    /// The configuration's limits as the budget the worker pool enforces.
    public var budget: Budget { Budget(seconds: time, memory: memory) }
}
