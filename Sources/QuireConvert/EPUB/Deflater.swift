import CZlib
import Foundation

/// A raw-deflate stream (no zlib header: windowBits -15, as zip stores
/// it) kept for the next entry instead of made and freed for each one.
///
/// Why: a book is seven or so small entries, and `deflateInit2_` allocates
/// four 64 KB tables each time; those allocations made glibc consolidate
/// its free lists on every entry (5 % of `--to epub`). `deflateReset`
/// returns a stream to the state `deflateInit2_` leaves it in (it is the
/// last thing `deflateInit2_` calls), so the bytes do not change.
///
/// Streams wait in a small pool between uses; one thread at a time holds
/// each, which is what makes it safe to send between threads.
final class Deflater: @unchecked Sendable {
    let level: Int32
    private let stream: UnsafeMutablePointer<z_stream>

    private init?(level: Int32) {
        self.level = level
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// `data` deflated in one call, or zlib's status when it failed.
    func deflate(_ data: [UInt8]) -> Result<[UInt8], ZipWriter.Failure> {
        let reset = deflateReset(stream)
        guard reset == Z_OK else { return .failure(.zlib(reset)) }
        let bound = Int(deflateBound(stream, uLong(data.count)))
        var status: Int32 = Z_OK
        let out = [UInt8](unsafeUninitializedCapacity: bound) { outBuffer, written in
            // zlib does not write through next_in; borrowing the bytes avoids a copy.
            data.withUnsafeBufferPointer { inBuffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                // deflateBound guarantees one call with Z_FINISH completes.
                status = CZlib.deflate(stream, Z_FINISH)
            }
            written = status == Z_STREAM_END ? Int(stream.pointee.total_out) : 0
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        return status == Z_STREAM_END ? .success(out) : .failure(.zlib(status))
    }

    // MARK: The pool

    private static let lock = NSLock()
    nonisolated(unsafe) private static var idle: [Deflater] = []
    /// More than the threads that deflate at once would only hold memory.
    private static let poolLimit = 8

    /// `data` deflated at `level` on a stream from the pool (or a new one);
    /// the stream goes back unless zlib failed on it.
    static func deflate(_ data: [UInt8], level: Int32) -> Result<[UInt8], ZipWriter.Failure> {
        let waiting: Deflater? = lock.withLock {
            guard let index = idle.lastIndex(where: { $0.level == level }) else { return nil }
            return idle.remove(at: index)
        }
        guard let deflater = waiting ?? Deflater(level: level) else { return .failure(.zlib(Z_STREAM_ERROR)) }
        let result = deflater.deflate(data)
        if case .success = result {
            lock.withLock {
                if idle.count < poolLimit { idle.append(deflater) }
            }
        }
        return result
    }
}
