import Testing
@testable import QuirePublish

@Suite("Manifest stamps")
struct ManifestStampTests {
    @Test("a stamp's text reads back equal, at the ends of every field's range")
    func roundTrips() throws {
        let stamps = [
            FileStamp(device: 2049, inode: 1_234_567, size: 32_768, modified: 1_764_000_000_123_456_789, changed: 1_764_000_000_987_654_321),
            FileStamp(device: .max, inode: .max, size: .max, modified: .min, changed: -1),
            FileStamp(device: 0, inode: 0, size: 0, modified: 0, changed: .max),
        ]
        for stamp in stamps {
            #expect(try Manifest.stamp(Manifest.text(stamp), line: 1) == stamp)
        }
        #expect(try Manifest.stamp("-", line: 1) == nil)
    }

    @Test("anything else is a format error", arguments: [
        "", "1:2:3:4", "1:2:3:4:5:6", "1:2:3:4:", ":1:2:3:4", "1::2:3:4", "-1:2:3:4:5", "1:-2:3:4:5",
        "1:2:--3:4:5", "1:2:3-:4:5", "1:2:3:4:x", "18446744073709551616:2:3:4:5", "1:2:9223372036854775808:4:5",
        "1:2:3:-9223372036854775809:5", " 1:2:3:4:5",
    ])
    func rejects(text: String) {
        #expect(throws: Manifest.FormatError.self) { try Manifest.stamp(text, line: 1) }
    }
}
