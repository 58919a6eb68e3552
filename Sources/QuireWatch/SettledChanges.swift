/// What the debouncer hands the daemon: paths whose events have gone quiet
/// (the daemon looks at each one now: present means publish, absent means
/// unpublish), and whether everything must be compared again.
public struct SettledChanges: Sendable, Equatable {
    public var paths: [String] = []
    /// Events were lost: compare every source with the manifest.
    public var rescan = false
    /// Watched roots that went away since the last batch.
    public var goneRoots: [String] = []

    public init(paths: [String] = [], rescan: Bool = false, goneRoots: [String] = []) {
        self.paths = paths
        self.rescan = rescan
        self.goneRoots = goneRoots
    }

    public var isEmpty: Bool { paths.isEmpty && !rescan && goneRoots.isEmpty }
}
