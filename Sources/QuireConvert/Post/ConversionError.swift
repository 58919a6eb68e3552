/// Why a post could not be converted. Prints as one line that names the
/// file, and the line where it is known: `posts/a.md:3: front matter: …`.
public struct ConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unreadable(String)
        case invalidUTF8
        case binary
        case emptyPost
        case frontMatter(String)
        case badDate(String)
        case badTitle
        case tooLarge(limit: Int)
        case tooManyTableColumns(limit: Int)
        /// Markdown that cmark-gfm would take minutes over (`InlineCostGuard`).
        case tooComplex(String)
        case overBudget(String)
        case crashed(String)
        case invalidOutput(String)

        /// True when the post's bytes (with the options) decide the failure:
        /// the same bytes fail the same way every time, so a daemon need not
        /// convert them again. False for what may pass on another try: a
        /// file that could not be read, a worker stopped by its budget or
        /// crashed (a loaded machine, the out-of-memory killer), an internal
        /// error.
        public var isDecidedByContent: Bool {
            switch self {
            case .invalidUTF8, .binary, .emptyPost, .frontMatter, .badDate, .badTitle, .tooLarge,
                 .tooManyTableColumns, .tooComplex:
                return true
            case .unreadable, .overBudget, .crashed, .invalidOutput:
                return false
            }
        }
    }

    public var path: String
    public var line: Int?
    public var reason: Reason

    public init(path: String, line: Int? = nil, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var message: String {
        switch reason {
        case let .unreadable(why): return "cannot read the file: \(why)"
        case .invalidUTF8: return "the file is not valid UTF-8"
        case .binary: return "the file is binary, not a Markdown post (it holds NUL bytes)"
        case .emptyPost: return "the post is empty and has no title"
        case let .frontMatter(why): return "front matter: \(why)"
        case let .badDate(value): return "date: cannot read \"\(value)\" as a date"
        case .badTitle: return "title: must be text"
        case let .tooLarge(limit): return "the post is larger than the limit of \(limit) bytes"
        case let .tooManyTableColumns(limit): return "a table row has more than \(limit) columns"
        case let .tooComplex(why): return "refused: \(why)"
        case let .overBudget(why): return "stopped: \(why)"
        case let .crashed(why): return "the converter crashed on this post (\(why))"
        case let .invalidOutput(why): return "internal error, please report: \(why)"
        }
    }

    /// One line, whatever the file's name or the message hold.
    public var description: String {
        if let line { return "\(path):\(line): \(message)".oneLine }
        return "\(path): \(message)".oneLine
    }
}
