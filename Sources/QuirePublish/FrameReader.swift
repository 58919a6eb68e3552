import Foundation

/// Reads the fields of one frame in the order `FrameWriter` wrote them.
/// Every read is bounds-checked: a short or corrupt frame from a dying
/// worker is an error, never a crash of the process that reads it.
public struct FrameReader {
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    private let bytes: [UInt8]
    private var offset: Int

    /// `frame` is one payload, without its 4-byte length.
    public init(payload: [UInt8]) {
        bytes = payload
        offset = 0
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func kind() throws(Malformed) -> WorkerFrame.Kind {
        let raw = try byte()
        guard let kind = WorkerFrame.Kind(rawValue: raw) else { throw Malformed(description: "unknown frame kind \(raw)") }
        return kind
    }

    public mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed(description: "frame ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func bool() throws(Malformed) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw Malformed(description: "bad boolean \(other)")
        }
    }

    private mutating func word() throws(Malformed) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw Malformed(description: "frame ends early") }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return value
    }

    public mutating func int() throws(Malformed) -> Int {
        Int(Int64(bitPattern: try word()))
    }

    public mutating func double() throws(Malformed) -> Double {
        Double(bitPattern: try word())
    }

    /// A count or length: not negative and not more than the bytes left.
    public mutating func count() throws(Malformed) -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - offset else { throw Malformed(description: "bad length \(n)") }
        return n
    }

    public mutating func blob() throws(Malformed) -> [UInt8] {
        let n = try count()
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    public mutating func string() throws(Malformed) -> String {
        let n = try count()
        defer { offset += n }
        guard let text = String(validating: bytes[offset..<offset + n], as: UTF8.self) else {
            throw Malformed(description: "text is not UTF-8")
        }
        return text
    }

    public mutating func optionalString() throws(Malformed) -> String? {
        try bool() ? try string() : nil
    }

    public mutating func strings() throws(Malformed) -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    public mutating func date() throws(Malformed) -> Date? {
        try bool() ? Date(timeIntervalSince1970: try double()) : nil
    }
}
