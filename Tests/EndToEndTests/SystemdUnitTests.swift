import Foundation
import Testing

/// `systemd/quire.service` is a valid unit (`systemd-analyze verify` prints
/// nothing on stderr) and well confined (`systemd-analyze security` exposure
/// at most 2.0). verify needs ExecStart's binary to exist, so the unit is
/// checked from a copy whose ExecStart names the freshly built quire.
@Suite struct SystemdUnitTests {
    static let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func unitCopy() throws -> (folder: String, unit: String) {
        let folder = NSTemporaryDirectory() + "quire-unit-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: WatchSandbox.packageRoot + "/systemd/quire.service", encoding: .utf8)
        #expect(original.contains("ExecStart=/usr/local/bin/quire watch"))
        let unit = folder + "/quire.service"
        try original.replacingOccurrences(of: "ExecStart=/usr/local/bin/quire", with: "ExecStart=" + WatchSandbox.binary)
            .write(toFile: unit, atomically: true, encoding: .utf8)
        return (folder, unit)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze!)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed"))
    func verifyPrintsNothing() throws {
        let (folder, unit) = try Self.unitCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.run(["verify", unit])
        #expect(result.err.isEmpty, "systemd-analyze verify: \(result.err)")
        #expect(result.status == 0)
    }

    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed"))
    func securityExposureAtMostTwo() throws {
        let (folder, unit) = try Self.unitCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Self.run(["security", "--offline=yes", "--no-pager", unit])
        let match = result.out.firstMatch(of: /Overall exposure level for quire\.service: (\d+\.\d+)/)
        let score = match.flatMap { Double($0.1) }
        #expect(score != nil, "no score in: \(result.out.suffix(400))")
        print("systemd-analyze security: exposure \(score.map { String($0) } ?? "?")")
        #expect((score ?? 10) <= 2.0)
    }

    @Test func skippedWithoutSystemdAnalyze() {
        if Self.analyze == nil { print("skipped the systemd unit checks: systemd-analyze is not installed") }
    }
}
