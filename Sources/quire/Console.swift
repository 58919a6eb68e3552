import Foundation
import QuireConvert

/// Error and warning lines on standard error, one per problem; control
/// characters (from file names, say) are escaped, so a line stays one line.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data("error: \(line.oneLine)\n".utf8))
    }

    static func warn(_ line: String) {
        FileHandle.standardError.write(Data("warning: \(line.oneLine)\n".utf8))
    }
}

extension Console {
    /// A line already prefixed with `error:` or `warning:`.
    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\(text.oneLine)\n".utf8))
    }
}
