import Foundation
import Testing

@Suite("quire build and quire check")
struct BuildCommandTests {
    @Test("builds the sample layout, then finds nothing to do")
    func buildTwice() throws {
        let site = try Site()
        try site.write("Watch/hello.md", "---\ntitle: Hello\n---\n\nHi.\n")
        try site.write("Watch/2024/second.md", "# Second\n\nText.\n")
        let first = try site.quire("build")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.range(of: #"^built 2, unchanged 0, removed 0, failed 0 in \d+ ms\n$"#, options: .regularExpression) != nil,
                "\(first.stdout)")
        // Not a terminal: plain log lines, no progress bar.
        #expect(first.stderr.contains("built Watch/hello.md\n") && !first.stderr.contains("\u{1B}["))
        #expect(FileManager.default.fileExists(atPath: site.root + "/Output/html/hello/index.html"))
        #expect(FileManager.default.fileExists(atPath: site.root + "/Output/html/second/index.html"))
        let second = try site.quire("build", "--quiet")
        #expect(second.status == 0 && second.stdout.hasPrefix("built 0, unchanged 2, removed 0, failed 0"))
        #expect(second.stderr.isEmpty)
        #expect(try site.quire("build", "--clean").stdout.hasPrefix("built 2,"))
    }

    @Test("a failure is one line naming the file, and the exit status is non-zero")
    func failure() throws {
        let site = try Site()
        try site.write("Watch/good.md", "# Good\n")
        try site.write("Watch/bad.md", Data([0x23, 0x20, 0xff, 0xfe, 0x0a]))
        let result = try site.quire("build", "--quiet")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("built 1, unchanged 0, removed 0, failed 1"))
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1 && errors[0].hasPrefix("error: Watch/bad.md:"), "\(result.stderr)")
        #expect(result.stderr.contains("built Watch/good.md\n"))
    }

    @Test("a configuration with an unknown key stops both commands before anything is written")
    func badConfig() throws {
        let site = try Site()
        try site.write("Watch/a.md", "# A\n")
        try site.write("quire.yaml", "source: Watch\ntagets:\n  - { format: html, path: out }\n")
        for command in ["check", "build"] {
            let result = try site.quire(command)
            #expect(result.status == 2)
            #expect(result.stderr == "error: quire.yaml:2: unknown key \"tagets\" in the configuration (did you mean \"targets\"?)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: site.root + "/Output"))
        #expect(!FileManager.default.fileExists(atPath: site.root + "/.quire"))
    }

    @Test("check prints what a build would do, and reports a target inside the source")
    func check() throws {
        let site = try Site()
        try site.write("Watch/a.md", "# A\n")
        try site.write("site.yaml", "targets:\n  - { format: html, path: public, layout: flat }\nstate: state\n")
        let result = try site.quire("check", "--config", "site.yaml")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("target: html -> public (flat)"))
        #expect(result.stdout.contains("would build 1, unchanged 0, remove 0\n  build Watch/a.md\n"))
        #expect(!FileManager.default.fileExists(atPath: site.root + "/public"))
        try site.write("site.yaml", "targets:\n  - { format: html, path: Watch/public }\n")
        let inside = try site.quire("check", "--config", "site.yaml")
        #expect(inside.status == 1 && inside.stderr.contains("is inside the source folder"))
        #expect(try site.quire("build", "--config", "site.yaml").status == 2)
    }

    @Test("on a terminal, a progress bar that is cleared before the summary; --quiet turns it off",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressBar() throws {
        let site = try Site()
        for i in 1...3 { try site.write("Watch/p\(i).md", "# P\(i)\n") }
        // script(1) gives quire a pseudo-terminal, as a person at a shell would.
        func onTerminal(_ arguments: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "\(QuireBinary.path) \(arguments)", "/dev/null"]
            process.currentDirectoryURL = URL(fileURLWithPath: site.root)
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self)
        }
        let shown = try onTerminal("build")
        #expect(shown.contains("\r\u{1B}[2K[##############################] 3/3 "), "\(shown.debugDescription)")
        #expect(shown.contains("\u{1B}[2Kbuilt 3, unchanged 0"))
        #expect(!shown.contains("built Watch/p1.md"))
        let quiet = try onTerminal("build --clean --quiet")
        #expect(!quiet.contains("\u{1B}[") && quiet.contains("converting 3 posts"))
    }
}
