import QuireConvert
import QuirePublish

/// What `quire convert` converts with: supervised workers under a budget
/// (the default), or this process (`--in-process`, for debugging).
enum ConversionService: Sendable {
    case pool(WorkerPool)
    /// One post at a time, in this process: the easiest to debug.
    case inProcess

    var parallelism: Int {
        switch self {
        case let .pool(pool): return pool.size
        case .inProcess: return 1
        }
    }

    func convert(bytes: [UInt8]?, path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        switch self {
        case let .pool(pool):
            if let bytes { return try await pool.convert(bytes: bytes, path: path, options: options) }
            return try await pool.convert(file: path, options: options)
        case .inProcess:
            let converter = Converter(options: options)
            if let bytes { return try converter.convert(bytes: bytes, path: path) }
            return try converter.convert(file: path)
        }
    }

    func shutdown() async {
        if case let .pool(pool) = self { await pool.shutdown() }
    }
}
