import Foundation
import Logging
import QuirePublish
import Testing
@testable import QuireWatch

/// The overflow path, end to end inside the daemon: events were lost (the
/// watcher saw nothing), a rescan is asked for, and the full comparison with
/// the manifest publishes what changed and unpublishes what went.
@Suite struct DaemonRescanTests {
    @Test func rescanFindsWhatNoEventReported() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("quire.yaml", """
            source: Watch
            targets:
              - { format: html, path: Output, layout: flat }
            state: .quire
            """)
        try folder.write("Watch/kept.md", "---\ntitle: Kept\n---\nversion one\n")
        try folder.write("Watch/gone.md", "---\ntitle: Gone\n---\ngone\n")
        // Polling once an hour: in this test no event ever arrives.
        let settings = DaemonSettings(workingDirectory: folder.path, pollInterval: .seconds(3600), environment: [:],
                                      inProcess: true)
        let daemon = Daemon(settings: settings, logger: Logger(label: "test"))
        let (_, input) = AsyncStream.makeStream(of: Daemon.Input.self)
        var loop = try DaemonLoop(daemon: daemon, heartbeat: Heartbeat(), input: input)
        await loop.start()
        let page = folder.path + "/Output/kept.html"
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("version one"))

        // Changed while events were being lost.
        try folder.write("Watch/kept.md", "---\ntitle: Kept\n---\nversion two\n")
        try folder.write("Watch/new.md", "---\ntitle: New\n---\nnew\n")
        try FileManager.default.removeItem(atPath: folder.path + "/Watch/gone.md")
        await loop.handle(.changes(SettledChanges(rescan: true)))

        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("version two"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/Output/new.html"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/Output/gone.html"))
        await loop.finish()
    }
}
