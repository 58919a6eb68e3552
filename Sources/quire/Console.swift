import Foundation

/// Error and warning lines on standard error, one per problem.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    }

    static func warn(_ line: String) {
        FileHandle.standardError.write(Data("warning: \(line)\n".utf8))
    }
}

extension Console {
    /// A line already prefixed with `error:` or `warning:`.
    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}
