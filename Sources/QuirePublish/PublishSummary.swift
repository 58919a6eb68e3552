/// The outcome of one sync: counts for the summary line, and every
/// failure and warning as one line naming the file.
public struct PublishSummary: Sendable, CustomStringConvertible {
    /// Posts converted and published (display paths).
    public var built: [String] = []
    public var unchanged = 0
    /// Posts whose outputs were taken down.
    public var removed: [String] = []
    /// Posts that failed somewhere; their last good outputs stay.
    public var failedPosts: Set<String> = []
    /// One line each: a post's error, a target that cannot be written, the state folder.
    public var failures: [String] = []
    public var warnings: [String] = []
    public var milliseconds = 0

    public init() {}

    /// Failed posts, plus failures that belong to no post (state folder, source folder).
    public var failedCount: Int {
        failedPosts.count + (failedPosts.isEmpty && !failures.isEmpty ? 1 : 0)
    }

    public var succeeded: Bool { failures.isEmpty }

    public var description: String {
        "built \(built.count), unchanged \(unchanged), removed \(removed.count), failed \(failedCount) in \(milliseconds) ms"
    }
}
