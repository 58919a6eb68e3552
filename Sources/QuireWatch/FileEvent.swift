/// What a watcher saw happen to one path. Watchers report facts; the
/// debouncer decides when a path has settled, and the daemon looks at the
/// file system at that moment to decide whether to publish or unpublish.
public struct FileEvent: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A file was created and may still be open for writing: hold it until
        /// it is closed, so a slow writer is converted once.
        case created
        /// Written and closed, moved in, or found by a scan: a candidate to publish.
        case written
        /// Deleted or moved out (a moved-from with no matching moved-to).
        case removed
        /// Events were lost (the kernel queue overflowed, or a watch could not
        /// be placed): everything must be compared again.
        case rescan
        /// A watched root itself went away (deleted or moved). The watcher
        /// keeps looking for it and scans it when it comes back.
        case rootGone
    }

    public var kind: Kind
    public var path: String
    public var isDirectory: Bool

    public init(_ kind: Kind, _ path: String, isDirectory: Bool = false) {
        self.kind = kind
        self.path = path
        self.isDirectory = isDirectory
    }

    public var description: String { "\(kind) \(path)\(isDirectory ? "/" : "")" }
}
