import Foundation
import QuireConvert

/// The JSON form of the last conversion options sent or received. Every
/// job of a build carries the same options, so each side encodes or
/// decodes them once, not once a post (JSONEncoder and JSONDecoder cost
/// about 40 µs a job each: 40 ms of the publisher's processor time in a
/// full build, and as much again in the workers).
final class OptionsCache: @unchecked Sendable {
    static let shared = OptionsCache()

    private let lock = NSLock()
    private var sent: (options: ConversionOptions, bytes: [UInt8])?
    private var received: (bytes: [UInt8], options: ConversionOptions)?

    func encoded(_ options: ConversionOptions) -> [UInt8] {
        if let hit = lock.withLock({ sent }), hit.options == options { return hit.bytes }
        let bytes = (try? JSONEncoder().encode(options)).map { Array($0) } ?? []
        lock.withLock { sent = (options, bytes) }
        return bytes
    }

    func decoded(_ bytes: [UInt8]) throws -> ConversionOptions {
        if let hit = lock.withLock({ received }), hit.bytes == bytes { return hit.options }
        let options = try JSONDecoder().decode(ConversionOptions.self, from: Data(bytes))
        lock.withLock { received = (bytes, options) }
        return options
    }
}
