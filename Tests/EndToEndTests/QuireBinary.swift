import Foundation

/// Runs the built `quire` executable in a folder, as a user would.
struct QuireBinary {
    /// `.build/debug/quire` of this package, found from this file's path.
    static let path: String = {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return tests.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/quire").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts quire with its output going to two files (files, not pipes:
    /// nothing can stall on a full pipe, and a killed run leaves them readable).
    static func start(_ arguments: [String], in folder: String, output: String,
                      environment: [String: String] = [:]) throws -> Process {
        _ = FileManager.default.createFile(atPath: output + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle(forWritingAtPath: output + ".out")
        process.standardError = FileHandle(forWritingAtPath: output + ".err")
        process.standardInput = FileHandle.nullDevice
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        try process.run()
        return process
    }

    static func run(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> Result {
        let output = NSTemporaryDirectory() + "quire-run-" + UUID().uuidString
        defer {
            try? FileManager.default.removeItem(atPath: output + ".out")
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        let process = try start(arguments, in: folder, output: output, environment: environment)
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: output + ".out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? "")
    }
}
