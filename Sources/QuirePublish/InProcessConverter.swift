import QuireConvert

/// Converts in this process with `QuireConvert.Converter`: no isolation,
/// no budgets; the default until a supervised worker pool is plugged in.
public struct InProcessConverter: PostConverting {
    public init() {}

    public func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        try Converter(options: options).convert(bytes: bytes, path: path)
    }
}
