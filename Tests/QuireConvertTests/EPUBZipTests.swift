import Foundation
import Testing
import QuireTestSupport
@testable import QuireConvert
import CZlib

/// The zip writer, read back by Python's `zipfile` (an independent reader)
/// and `unzip -t`.
@Suite struct EPUBZipTests {
    static func sampleArchive(level: Int32 = 6) throws -> [UInt8] {
        var zip = ZipWriter(level: level)
        try zip.add("mimetype", Array("application/epub+zip".utf8), method: .stored)
        try zip.add("a.txt", Array(String(repeating: "hello zip ", count: 1000).utf8))
        try zip.add("dir/ünïcode.txt", Array("short".utf8))
        try zip.add("empty", [])
        var random = SystemRandomNumberGenerator()
        try zip.add("noise.bin", (0..<5000).map { _ in UInt8.random(in: 0...255, using: &random) })
        return zip.finish()
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quire-zip-\(UUID().uuidString).zip").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func pythonReadsEveryEntryBack() throws {
        let path = try write(try Self.sampleArchive())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import zipfile, sys
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            infos = z.infolist()
            print([i.filename for i in infos])
            first = infos[0]
            assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and first.extra == b""
            assert z.read("mimetype") == b"application/epub+zip"
            assert z.read("a.txt") == b"hello zip " * 1000
            assert infos[1].compress_type == zipfile.ZIP_DEFLATED and infos[1].compress_size < 200
            assert z.read("dir/ünïcode.txt") == b"short"
            assert z.read("empty") == b""
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
            assert all(i.extra == b"" for i in infos)
            print("ok")
            """
        let out = try EPUBCheckRunner.run(["python3", "-c", script, path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("ok"))
        let unzip = try EPUBCheckRunner.run(["unzip", "-t", path])
        #expect(unzip.status == 0, "\(unzip.stdout)")
    }

    @Test func sameEntriesGiveTheSameBytes() throws {
        var a = ZipWriter(), b = ZipWriter()
        for zip in [0, 1] {
            var w = zip == 0 ? a : b
            try w.add("mimetype", Array("application/epub+zip".utf8), method: .stored)
            try w.add("x.xhtml", Array(String(repeating: "<p>text</p>\n", count: 500).utf8))
            if zip == 0 { a = w } else { b = w }
        }
        #expect(a.finish() == b.finish())
    }

    /// An entry packed once and added to many archives (the books'
    /// stylesheet and container) gives the bytes adding its data gives, at
    /// any level, stored, deflated, or too small to deflate; and the
    /// builder's constants at its default level are those of a fresh pack.
    @Test func packedEntriesGiveTheBytesOfAddedData() throws {
        let inputs = [Array(BookPage.stylesheet.utf8), Array(BookPage.container.utf8), [1, 2], [], Array(repeating: 7, count: 70_000)]
        for level: Int32 in [0, 1, 6, 9] {
            for method in [ZipWriter.Method.stored, .deflated] {
                var added = ZipWriter(level: level), packed = ZipWriter(level: level)
                for (index, data) in inputs.enumerated() {
                    try added.add("f\(index)", data, method: method)
                    try packed.add("f\(index)", ZipWriter.pack(data, method: method, level: level))
                }
                #expect(added.finish() == packed.finish(), "level \(level), \(method)")
            }
        }
        var fresh = ZipWriter(level: EPUBBuilder.defaultCompressionLevel), shared = fresh
        try fresh.add("EPUB/style.css", Array(BookPage.stylesheet.utf8))
        try shared.add("EPUB/style.css", EPUBBuilder.PackedConstants(level: EPUBBuilder.defaultCompressionLevel).stylesheet)
        #expect(fresh.finish() == shared.finish())
        var twice = ZipWriter()
        try twice.add("a", ZipWriter.pack([1], level: 6))
        #expect(throws: ZipWriter.Failure.duplicateName("a")) { try twice.add("a", ZipWriter.pack([2], level: 6)) }
    }

    @Test func duplicateNamesAreRefused() throws {
        var zip = ZipWriter()
        try zip.add("a", [1])
        #expect(throws: ZipWriter.Failure.duplicateName("a")) { try zip.add("a", [2]) }
    }

    /// A fresh stream for every input, as zip writers made them before
    /// streams were kept: the reference a reused stream must equal.
    static func freshDeflate(_ data: [UInt8], level: Int32) -> [UInt8] {
        var stream = z_stream()
        #expect(deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))))
        let status: Int32 = data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        #expect(status == Z_STREAM_END)
        return Array(out.prefix(Int(stream.total_out)))
    }

    /// Kept streams give the bytes of fresh ones, whatever came before them:
    /// long then short, repetitive then random, every level, from threads at once.
    @Test func reusedStreamsDeflateLikeFreshOnes() async {
        var random = SeededGenerator(seed: 3)
        var inputs: [[UInt8]] = [[], [1], Array(String(repeating: "<p>repeated text</p>\n", count: 4000).utf8)]
        for _ in 0..<20 {
            let size = Int.random(in: 0...70_000, using: &random)
            let alphabet = Int.random(in: 1...256, using: &random)
            inputs.append((0..<size).map { _ in UInt8(Int.random(in: 0..<alphabet, using: &random)) })
        }
        let cases: [(input: [UInt8], level: Int32)] = inputs.flatMap { input in [Int32(0), 1, 6, 9].map { (input: input, level: $0) } }
        let expected = cases.map { Self.freshDeflate($0.input, level: $0.level) }
        await withTaskGroup(of: Bool.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var same = true
                    for round in 0..<2 {
                        for (index, (input, level)) in cases.enumerated() where (index + worker + round) % 2 == 0 {
                            same = same && (try? Deflater.deflate(input, level: level).get()) == expected[index]
                        }
                    }
                    return same
                }
            }
            for await same in group { #expect(same) }
        }
    }

    @Test func crcMatchesKnownValue() {
        // CRC-32 of "123456789" is 0xCBF43926 (the check value of the algorithm).
        #expect(ZipWriter.crc(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func nameBasedUUIDMatchesRFCExample() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/post/")
        #expect(NameBasedUUID.make(name: "https://example.com/post/") == "bd796fb6-152f-5d26-a548-99758cd4d481")
        let out = try? EPUBCheckRunner.run(["python3", "-c", "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.com/post/'))"])
        #expect(out?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == NameBasedUUID.make(name: "https://example.com/post/"))
        #expect(SHA1.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined() == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }
}
