import Foundation
import Testing
@testable import QuirePublish

@Suite struct NewsletterStateTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aMissingFileIsAnEmptyState() throws {
        #expect(try NewsletterState.load(from: "/nonexistent/quire/state.json") == NewsletterState())
    }

    @Test func savesAndLoadsBack() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("deep/er/state.json").path
        let state = NewsletterState(sent: ["/blog/a/": "issue-2026-11-30", "b": "issue-2026-12-07"])
        try state.save(to: path)
        #expect(try NewsletterState.load(from: path) == state)
        // Replacing keeps one file and no temporary ones.
        var next = state
        next.sent["c"] = "issue-2026-12-14"
        try next.save(to: path)
        #expect(try NewsletterState.load(from: path) == next)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("deep/er").path)
        #expect(names == ["state.json"])
    }

    @Test func aDamagedFileIsAClearError() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.json").path
        try Data("{\"sent\": [1, 2]}".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try NewsletterState.load(from: path)
        } throws: { error in
            guard let failure = error as? NewsletterState.Failure else { return false }
            return failure.description.hasPrefix(path + ": not a newsletter state file")
        }
    }

    @Test func anUnwritableFolderIsAClearError() throws {
        // Not even root can make a folder in /proc.
        #expect(throws: NewsletterState.Failure.self) {
            try NewsletterState(sent: ["a": "b"]).save(to: "/proc/quire-cannot-write/state.json")
        }
    }
}
