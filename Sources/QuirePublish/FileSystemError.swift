import Foundation

/// A file system call that failed, as one line naming the path:
/// `Output/html/a/index.html: cannot write: No space left on device`.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// What quire was doing: "write", "create the folder", "rename", ...
    public var operation: String
    public var code: Int32
    /// Set instead of `code` when the failure is quire's own refusal.
    public var reason: String?

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
        self.reason = nil
    }

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.code = 0
        self.reason = reason
    }

    public var description: String {
        let why = reason ?? String(cString: strerror(code))
        return "\(Paths.display(path)): cannot \(operation): \(why)"
    }
}
