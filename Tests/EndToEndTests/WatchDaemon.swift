#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The built `quire watch`, started in a sandbox with its standard error in
/// a log file and, optionally, a test sd_notify socket.
final class WatchDaemon {
    let sandbox: WatchSandbox
    let process = Process()
    let notify: NotifyListener?
    let logPath: String

    init(_ sandbox: WatchSandbox, arguments: [String] = [], environment extra: [String: String] = [:],
         notify useNotify: Bool = true) throws {
        self.sandbox = sandbox
        notify = useNotify ? try NotifyListener() : nil
        logPath = sandbox.path + "/daemon.log"
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        process.executableURL = URL(fileURLWithPath: WatchSandbox.binary)
        process.arguments = ["watch"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.path)
        var environment = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "QUIRE_LOG"] {
            environment.removeValue(forKey: key)
        }
        if let notify { environment["NOTIFY_SOCKET"] = notify.address }
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        notify?.close()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Lines saying this post was published ("published Watch/a.md (html) in 3 ms").
    func publishCount(_ post: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("published Watch/\(post) (") && !$0.contains("unpublished") }.count
    }

    func unpublishCount(_ post: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("unpublished Watch/\(post)") }.count
    }

    /// Waits for READY=1 (the initial reconcile is done).
    func waitUntilReady(timeout: Duration = .seconds(30)) async -> Bool {
        if let notify {
            return await eventually(timeout: timeout) { notify.messages.contains { $0.contains("READY=1") } }
        }
        return await eventually(timeout: timeout) { log.contains("ready") }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Sends SIGTERM and waits; nil if it did not exit within `timeout`.
    func terminate(timeout: Duration = .seconds(8)) async -> Int32? {
        signal(SIGTERM)
        return await waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: Duration) async -> Int32? {
        guard await eventually(timeout: timeout, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    /// Waits until `post` has been published `count` times and its page holds
    /// `text`, then a little longer to see that no extra rebuild follows.
    func expectPublished(_ post: String, times count: Int, page slug: String, containing text: String) async -> Bool {
        let published = await eventually { publishCount(post) >= count && (sandbox.page(slug)?.contains(text) ?? false) }
        guard published else { return false }
        // Quiet period (50 ms) plus a margin: a second rebuild would show by now.
        try? await Task.sleep(for: .milliseconds(250))
        return publishCount(post) == count
    }
}
