import CZlib

/// Writes a zip archive into memory on zlib (raw deflate and crc32), in
/// the shape EPUB readers and EPUBCheck expect: entries in the order added,
/// no extra fields, no data descriptors, and every timestamp the same fixed
/// DOS time (1980-01-01 00:00, the earliest a zip can hold), so the same
/// entries always give the same bytes whatever the clock or file times say.
/// `mimetype` must be added first and stored; the builder does that.
public struct ZipWriter {
    /// zlib's level (6, zlib's default, unless the caller says). Books use
    /// 1; see `EPUBBuilder.compressionLevel` and the README for figures.
    public var level: Int32

    private var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var entryCount = 0
    private var names: Set<String> = []

    /// DOS date 1980-01-01 (year 0 from 1980, month 1, day 1) and time 00:00:00.
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    static let dosTime: UInt16 = 0

    public init(level: Int32 = 6) {
        self.level = level
        bytes.reserveCapacity(64 * 1024)
    }

    public enum Method { case stored, deflated }

    public enum Failure: Error, Equatable {
        /// The same name twice: readers would show only one of them.
        case duplicateName(String)
        /// deflateInit2_ or deflate returned this zlib status.
        case zlib(Int32)
        /// More than zip's 32-bit sizes or 65,535 entries (no Zip64 here).
        case tooLarge
    }

    /// An entry's contents as the archive holds them: what `add` writes
    /// after the name. Packing depends only on the bytes, the method and
    /// the level, so an entry every book holds (the stylesheet, the
    /// container) can be packed once per process and added to each.
    public struct PackedEntry: Sendable {
        let crc: UInt32
        let body: [UInt8]
        let compression: UInt16
        let size: Int
    }

    /// `data` packed for an archive at `level`.
    public static func pack(_ data: [UInt8], method: Method = .deflated, level: Int32) throws(Failure) -> PackedEntry {
        guard data.count < Int(UInt32.max) else { throw .tooLarge }
        let crc = Self.crc(data)
        switch method {
        case .stored:
            return PackedEntry(crc: crc, body: data, compression: 0, size: data.count)
        case .deflated:
            let packed = try Deflater.deflate(data, level: level).get()
            // Tiny entries can grow when deflated; store those instead.
            if packed.count < data.count { return PackedEntry(crc: crc, body: packed, compression: 8, size: data.count) }
            return PackedEntry(crc: crc, body: data, compression: 0, size: data.count)
        }
    }

    public mutating func add(_ name: String, _ data: [UInt8], method: Method = .deflated) throws(Failure) {
        guard !names.contains(name) else { throw .duplicateName(name) }
        try add(name, Self.pack(data, method: method, level: level))
    }

    /// An entry packed beforehand (at this writer's level, for the same
    /// bytes as `add(name, data)` would write).
    public mutating func add(_ name: String, _ entry: PackedEntry) throws(Failure) {
        guard names.insert(name).inserted else { throw .duplicateName(name) }
        guard entry.size < Int(UInt32.max), entryCount < 65_535 else { throw .tooLarge }
        let crc = entry.crc, body = entry.body, compression = entry.compression
        guard bytes.count + body.count < Int(UInt32.max) else { throw .tooLarge }
        let nameBytes = Array(name.utf8)
        let offset = UInt32(bytes.count)
        // Bit 11: names are UTF-8.
        let flags: UInt16 = nameBytes.allSatisfy({ $0 < 0x80 }) ? 0 : 0x0800

        // Local file header.
        put32(&bytes, 0x0403_4b50)
        put16(&bytes, 20)              // version needed: 2.0 (deflate)
        put16(&bytes, flags)
        put16(&bytes, compression)
        put16(&bytes, Self.dosTime)
        put16(&bytes, Self.dosDate)
        put32(&bytes, crc)
        put32(&bytes, UInt32(body.count))
        put32(&bytes, UInt32(entry.size))
        put16(&bytes, UInt16(nameBytes.count))
        put16(&bytes, 0)               // no extra field
        bytes += nameBytes
        bytes += body

        // Central directory record, written at the end.
        put32(&central, 0x0201_4b50)
        put16(&central, 20)            // made by: MS-DOS attributes, spec 2.0
        put16(&central, 20)
        put16(&central, flags)
        put16(&central, compression)
        put16(&central, Self.dosTime)
        put16(&central, Self.dosDate)
        put32(&central, crc)
        put32(&central, UInt32(body.count))
        put32(&central, UInt32(entry.size))
        put16(&central, UInt16(nameBytes.count))
        put16(&central, 0)             // extra
        put16(&central, 0)             // comment
        put16(&central, 0)             // disk
        put16(&central, 0)             // internal attributes
        put32(&central, 0)             // external attributes
        put32(&central, offset)
        central += nameBytes
        entryCount += 1
    }

    /// The finished archive: entries, central directory, end record.
    public func finish() -> [UInt8] {
        var out = bytes
        out.reserveCapacity(bytes.count + central.count + 22)
        let directoryOffset = UInt32(out.count)
        out += central
        put32(&out, 0x0605_4b50)
        put16(&out, 0)
        put16(&out, 0)
        put16(&out, UInt16(entryCount))
        put16(&out, UInt16(entryCount))
        put32(&out, UInt32(central.count))
        put32(&out, directoryOffset)
        put16(&out, 0)                 // no comment
        return out
    }

    // MARK: zlib

    static func crc(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { buffer in
            var crc = crc32(0, nil, 0)
            var start = 0
            // crc32 takes a 32-bit length; feed large inputs in pieces.
            while start < buffer.count {
                let length = min(buffer.count - start, 1 << 30)
                crc = crc32(crc, buffer.baseAddress! + start, uInt(length))
                start += length
            }
            return UInt32(crc)
        }
    }

}

private func put16(_ out: inout [UInt8], _ value: UInt16) {
    out.append(UInt8(value & 0xff))
    out.append(UInt8(value >> 8))
}

private func put32(_ out: inout [UInt8], _ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xff)) }
}
