import QuireConvert

/// Turns a post's bytes into its outputs. The publisher only knows this
/// protocol, so conversions can run in this process (`InProcessConverter`)
/// or in supervised worker processes with time and memory budgets.
public protocol PostConverting: Sendable {
    /// `path` is absolute: relative image paths resolve against its folder.
    func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion

    /// A hint that about `jobs` conversions are coming: a converter that
    /// starts processes may start them now, while the caller does other
    /// work. Returns at once (the publisher calls it from inside its scan).
    func prepare(jobs: Int)
}

extension PostConverting {
    public func prepare(jobs: Int) {}
}
