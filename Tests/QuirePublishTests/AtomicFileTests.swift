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

    @Test("what must be durable first runs once the new bytes are flushed beside the old file, before they replace it")
    func beforeRename() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/manifest"
        try AtomicFile.write(Array("old".utf8), to: path)
        var seen: (destination: Data?, others: [Data?])?
        try AtomicFile.write(Array("new".utf8), to: path, beforeRename: {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            seen = (FileManager.default.contents(atPath: path),
                    names.filter { $0 != "manifest" }.map { FileManager.default.contents(atPath: folder + "/" + $0) })
        })
        #expect(seen?.destination == Data("old".utf8), "the old file stands while the hook runs")
        #expect(seen?.others == [Data("new".utf8)], "the new bytes are whole in their temporary file")
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["manifest"])
        var called = false
        #expect(throws: FileSystemError.self) {
            try AtomicFile.write([1], to: folder + "/missing/manifest", beforeRename: { called = true })
        }
        #expect(!called, "not called for a write that failed")
        // What had to be durable first failed: the old file stays, no temporary is left.
        #expect(throws: FileSystemError.self) {
            try AtomicFile.write(Array("newer".utf8), to: path, beforeRename: { () throws(FileSystemError) in
                throw FileSystemError(path: folder, operation: "flush", code: EIO)
            })
        }
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["manifest"])
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

@Suite("AtomicBatch")
struct AtomicBatchTests {
    let folder = NSTemporaryDirectory() + "quire-batch-" + UUID().uuidString

    @Test("a path splits into its folder and name as NSString would split a clean one")
    func split() {
        for path in ["/srv/site/html/a/index.html", "/c", "/ü/ñ.txt", "/srv/.quire-tmp-1f-x"] {
            let (folder, name) = AtomicBatch.split(path)
            #expect(folder == (path as NSString).deletingLastPathComponent)
            #expect(name == (path as NSString).lastPathComponent)
        }
    }

    /// Small batches fsync each file, large ones syncfs their file system:
    /// both must land every file whole, only once committed.
    @Test("staged files are invisible until committed, then whole; discarded ones leave nothing", arguments: [3, 40])
    func batch(count: Int) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write(Array("old".utf8), to: folder + "/0.html")
        let batch = AtomicBatch(expected: count)
        var staged: [AtomicBatch.Staged] = []
        for n in 0..<count {
            staged.append(try batch.stage(Array("page \(n)".utf8), to: folder + "/\(n).html"))
        }
        let dropped = try batch.stage(Array("dropped".utf8), to: folder + "/dropped.html")
        batch.discard([dropped])
        #expect(FileManager.default.contents(atPath: folder + "/0.html") == Data("old".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder + "/1.html"))
        try batch.flush()
        let syncs = FolderSyncs()
        for file in staged { try batch.commit(file, folderSyncs: syncs) }
        try syncs.flush()
        for n in 0..<count {
            #expect(FileManager.default.contents(atPath: folder + "/\(n).html") == Data("page \(n)".utf8))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.count == count)
        #expect(!names.contains { AtomicFile.isTemporary(name: $0) })
    }
}
