import Foundation
import Testing
@testable import QuirePublish

@Suite("AtomicFile")
struct AtomicFileTests {
    let folder = NSTemporaryDirectory() + "quire-atomic-" + UUID().uuidString

    @Test("writes whole files, replaces old ones, leaves no temporary file, follows the umask")
    func write() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a.html"
        try AtomicFile.write(Array("old".utf8), to: path)
        try AtomicFile.write(Array("new".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.html"])
        let mask = umask(0o022)
        umask(mask)
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o666 & ~mask)
        #expect(AtomicFile.holds(Array("new".utf8), at: path))
        #expect(!AtomicFile.holds(Array("newer".utf8), at: path))
    }

    @Test("a write into a folder that is not there fails cleanly")
    func failure() throws {
        #expect(throws: FileSystemError.self) { try AtomicFile.write([1, 2, 3], to: folder + "/missing/a.html") }
    }

    @Test("folders are created below the root; links and files in the way are refused")
    func folders() throws {
        try FileManager.default.createDirectory(atPath: folder + "/root", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try AtomicFile.createFolders("a/b", in: folder + "/root") == ["a", "a/b"])
        #expect(try AtomicFile.createFolders("a/b", in: folder + "/root") == [])
        try FileManager.default.createSymbolicLink(atPath: folder + "/root/link", withDestinationPath: folder)
        #expect(throws: FileSystemError.self) { try AtomicFile.createFolders("link/x", in: folder + "/root") }
        try Data().write(to: URL(fileURLWithPath: folder + "/root/file"))
        #expect(throws: FileSystemError.self) { try AtomicFile.createFolders("file/x", in: folder + "/root") }
        #expect(!FileManager.default.fileExists(atPath: folder + "/x"))
    }

    @Test("the sweep removes quire's temporary files and nothing else")
    func sweep() throws {
        try FileManager.default.createDirectory(atPath: folder + "/a/b", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let temporary = folder + "/a/b/" + AtomicFile.temporaryName(for: "index.html")
        for path in [temporary, folder + "/a/.hidden", folder + "/a/b/index.html"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(AtomicFile.sweep(folder) == [temporary])
        #expect(FileManager.default.fileExists(atPath: folder + "/a/.hidden"))
        #expect(AtomicFile.temporaryName(for: String(repeating: "n", count: 255)).utf8.count <= 255)
    }
}
