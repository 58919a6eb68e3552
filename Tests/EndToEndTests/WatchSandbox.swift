#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A temporary project for `quire watch`: `Watch/` (posts), `quire.yaml`,
/// `Output/` and `.quire/` once the daemon runs. Scripts run in it with
/// `/bin/sh`, the way an editor or a shell user would save.
struct WatchSandbox {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let binary = packageRoot + "/.build/debug/quire"

    /// html only, so the suite stays fast; one test uses all three formats.
    static let htmlConfig = """
        source: Watch
        assets: [Watch]
        targets:
          - { format: html, path: Output/html, layout: pretty }
        state: .quire
        debounce: 50ms
        """

    let path: String

    init(config: String? = WatchSandbox.htmlConfig) throws {
        let base = NSTemporaryDirectory() + "quire-e2e-watch-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: base + "/Watch", withIntermediateDirectories: true)
        path = base
        if let config { try write("quire.yaml", config) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + relative) }

    static func post(_ title: String, _ body: String) -> String {
        "---\ntitle: \(title)\n---\n\n\(body)\n"
    }

    /// The page of a post in the html target (pretty layout).
    func page(_ slug: String) -> String? { read("Output/html/\(slug)/index.html") }

    /// Runs a shell script here; returns its exit status.
    @discardableResult
    func sh(_ script: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Every file below a folder, relative to the sandbox.
    func files(under relative: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: path + "/" + relative) else { return [] }
        var out: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + relative + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                out.append(relative + "/" + name)
            }
        }
        return out.sorted()
    }

    static func commandExists(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { access("\($0)/\(name)", X_OK) == 0 }
    }
}
