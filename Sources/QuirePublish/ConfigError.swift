/// A configuration that cannot be used, as one line naming the file and,
/// where known, the line: `quire.yaml:4: unknown key "tagets" (did you mean "targets"?)`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file, or nil for the built-in default.
    public var file: String?
    public var line: Int?
    public var message: String

    public init(file: String?, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let name = file.map(Paths.display) ?? "built-in configuration"
        if let line { return "\(name):\(line): \(message)" }
        return "\(name): \(message)"
    }
}
