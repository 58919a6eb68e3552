/// Cheap limits checked before any parser sees a post, where the libraries
/// are weak: Debian 12's cmark-gfm 0.29.0.gfm.6 takes time that grows with
/// the square of a table row's width, and YAML aliases can expand a few
/// hundred bytes into gigabytes.
public struct Limits: Sendable, Equatable, Codable {
    /// The largest post read, in bytes.
    public var maximumBytes: Int
    /// The most cells a table row (or delimiter row) may have.
    public var maximumTableColumns: Int
    /// The most front matter values, counted as aliases would expand them.
    public var maximumFrontMatterNodes: Int
    /// The deepest front matter nesting (tables in arrays in tables…).
    public var maximumFrontMatterDepth: Int
    /// The most steps cmark-gfm's quadratic inline loops may take
    /// (`InlineCostGuard`): 200 million is under a second.
    public var maximumInlineWork: Int

    public init(maximumBytes: Int = 4 << 20, maximumTableColumns: Int = 1000,
                maximumFrontMatterNodes: Int = 10_000, maximumFrontMatterDepth: Int = 64,
                maximumInlineWork: Int = 200_000_000) {
        self.maximumBytes = maximumBytes
        self.maximumTableColumns = maximumTableColumns
        self.maximumFrontMatterNodes = maximumFrontMatterNodes
        self.maximumFrontMatterDepth = maximumFrontMatterDepth
        self.maximumInlineWork = maximumInlineWork
    }
}
