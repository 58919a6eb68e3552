import Foundation

/// Builds one frame of the worker protocol: a 4-byte little-endian length,
/// then fields in a fixed order. Fixed-width numbers and length-prefixed
/// bytes, so outputs cross the pipe as raw blobs and nothing is parsed twice.
public struct FrameWriter {
    public private(set) var bytes: [UInt8]

    /// Leaves room for the length, filled in by `finish()`.
    public init(kind: WorkerFrame.Kind, capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity + 5)
        bytes.append(contentsOf: [0, 0, 0, 0])
        bytes.append(kind.rawValue)
    }

    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func blob(_ value: [UInt8]) {
        int(value.count)
        bytes.append(contentsOf: value)
    }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    public mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    public mutating func date(_ value: Date?) {
        bool(value != nil)
        if let value { double(value.timeIntervalSince1970) }
    }

    /// The frame, its length in front.
    public mutating func finish() -> [UInt8] {
        let length = UInt32(bytes.count - 4).littleEndian
        withUnsafeBytes(of: length) { raw in
            for i in 0..<4 { bytes[i] = raw[i] }
        }
        return bytes
    }
}
