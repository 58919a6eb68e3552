import Foundation
import Testing
@testable import QuirePublish

@Suite("SourceFolder")
struct SourceFolderTests {
    static let names = ["a.md", "A.MD", "a.Md", "post.markdown", "x.mdown", "y.mkd", "a.", "md", "a..md", "a.md.",
                        "a .md", "a.m d", "a.txt", "a.md~", "#a.md#", ".a.md", "..md", "a.b.c.MKD", "x",
                        "é.md", "a.M\u{212A}D", "a.\u{0130}md", "日記.markdown", "a.mD\u{0301}"]

    @Test("an ASCII name's extension read from its bytes is NSString's, lowercased", arguments: names)
    func extensionAsNSString(name: String) {
        let general = (name as NSString).pathExtension.lowercased()
        if let fast = SourceFolder.asciiExtension(of: name) {
            #expect(fast == general)
        } else {
            #expect(name.utf8.contains { $0 >= 0x80 }, "only non-ASCII names are left to NSString")
        }
    }

    @Test("random ASCII names: the same extension both ways")
    func randomNames() {
        let alphabet = Array("aAmMdDkKnNoOwWrR.. -_~#x1")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let name = String((0..<Int(random.next() % 9 + 1)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            #expect(SourceFolder.asciiExtension(of: name) == (name as NSString).pathExtension.lowercased(), "\(name)")
        }
    }

    @Test("which names are posts: the ones with a Markdown extension, not hidden, not editor leftovers")
    func posts() {
        #expect(["a.md", "B.MARKDOWN", "c.mdown", "d.Mkd", "a.M\u{212A}D"].allSatisfy(SourceFolder.isPost))
        #expect(!["a.txt", ".a.md", "a.md~", "#a.md#", "md", "a.md.", "a.m d"].contains(where: SourceFolder.isPost))
    }

    @Test("the scan shows each post's stamp as it meets it, the same stamps it returns")
    func scanReportsStamps() throws {
        let root = NSTemporaryDirectory() + "quire-scan-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["a.md", "sub/b.md", "sub/deeper/c.markdown", "sub/image.png", ".hidden.md"] {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        }
        var seen: [FileStamp] = []
        let scan = SourceFolder.scan(root, found: { seen.append($0) })
        #expect(scan.posts == ["a.md", "sub/b.md", "sub/deeper/c.markdown"])
        #expect(Set(seen) == Set(scan.stamps.values))
        #expect(seen.count == 3)
    }
}
