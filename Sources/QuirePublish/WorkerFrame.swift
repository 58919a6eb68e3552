import Foundation
import QuireConvert

/// The protocol between a `WorkerPool` and its `quire worker` processes,
/// over the worker's standard input and output.
///
/// Every frame is a 4-byte little-endian length, then a kind byte, then
/// fields (see `FrameWriter`). A worker first sends `hello`; then, for each
/// `job` it reads, it sends back exactly one `converted` or `failed`. Outputs
/// travel as raw byte blobs; the parsed `Document` never crosses (the
/// publisher does not read it), so `Conversion.post.document` is empty on
/// this side of the pipe.
public enum WorkerFrame {
    /// Bumped whenever a frame's layout changes.
    public static let version = 1

    /// The largest frame either side accepts: far above any real post's
    /// outputs, and a bound on what a corrupt length can make us allocate.
    public static let maximumLength = 1 << 30

    public enum Kind: UInt8, Sendable {
        case hello = 1, job, converted, failed
    }

    /// What a worker says when it is ready.
    public struct Hello: Sendable, Equatable {
        public var version: Int
        /// The worker's address space, idle, after a warm-up conversion.
        public var idleBytes: Int
        /// The address-space limit it set on itself: idle size plus budget.
        public var limitBytes: Int

        public init(version: Int = WorkerFrame.version, idleBytes: Int, limitBytes: Int) {
            self.version = version
            self.idleBytes = idleBytes
            self.limitBytes = limitBytes
        }
    }

    public static func encode(_ hello: Hello) -> [UInt8] {
        var w = FrameWriter(kind: .hello)
        w.int(hello.version)
        w.int(hello.idleBytes)
        w.int(hello.limitBytes)
        return w.finish()
    }

    public static func decodeHello(_ payload: [UInt8]) throws(FrameReader.Malformed) -> Hello {
        var r = FrameReader(payload: payload)
        guard try r.kind() == .hello else { throw .init(description: "expected hello") }
        return Hello(version: try r.int(), idleBytes: try r.int(), limitBytes: try r.int())
    }

    public static func encode(_ job: WorkerJob) -> [UInt8] {
        // JSON for the options only: small, and Codable carries any option
        // added later without touching this file.
        let options = OptionsCache.shared.encoded(job.options)
        var w = FrameWriter(kind: .job, capacity: 64 + job.path.utf8.count + options.count + (job.bytes?.count ?? 0))
        w.string(job.path)
        w.double(job.seconds)
        w.blob(options)
        w.bool(job.bytes != nil)
        if let bytes = job.bytes { w.blob(bytes) }
        return w.finish()
    }

    public static func decodeJob(_ payload: [UInt8]) throws(FrameReader.Malformed) -> WorkerJob {
        var r = FrameReader(payload: payload)
        guard try r.kind() == .job else { throw .init(description: "expected a job") }
        let path = try r.string()
        let seconds = try r.double()
        let optionBytes = try r.blob()
        let options: ConversionOptions
        do {
            options = try OptionsCache.shared.decoded(optionBytes)
        } catch {
            throw .init(description: "options: \(error)")
        }
        let bytes = try r.bool() ? try r.blob() : nil
        return WorkerJob(path: path, bytes: bytes, options: options, seconds: seconds)
    }

    public static func encode(_ result: Result<Conversion, ConversionError>) -> [UInt8] {
        switch result {
        case let .success(conversion):
            let size = conversion.outputs.values.reduce(0) { $0 + $1.count }
            var w = FrameWriter(kind: .converted, capacity: 1024 + size)
            w.conversion(conversion)
            return w.finish()
        case let .failure(error):
            var w = FrameWriter(kind: .failed)
            w.conversionError(error)
            return w.finish()
        }
    }

    public static func decodeResult(_ payload: [UInt8]) throws(FrameReader.Malformed) -> Result<Conversion, ConversionError> {
        var r = FrameReader(payload: payload)
        switch try r.kind() {
        case .converted: return .success(try r.conversion())
        case .failed: return .failure(try r.conversionError())
        default: throw .init(description: "expected a result")
        }
    }
}
