import Foundation
import Testing
import QuireTestSupport
@testable import QuireConvert

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

    @Test func duplicateNamesAreRefused() throws {
        var zip = ZipWriter()
        try zip.add("a", [1])
        #expect(throws: ZipWriter.Failure.duplicateName("a")) { try zip.add("a", [2]) }
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
