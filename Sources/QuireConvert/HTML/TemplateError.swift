/// A template folder or file that cannot be used. Prints as one line naming
/// the file and, for a syntax error, the line: `templates/page.mustache:3: …`.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
