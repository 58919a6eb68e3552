import Foundation
import QuireConvert
import Testing
@testable import QuirePublish

@Suite("Config")
struct ConfigTests {
    @Test("the built-in default: Watch into Output/html, Output/epub, Output/newsletter")
    func builtInDefault() throws {
        let config = try Config.resolve(explicit: nil, workingDirectory: "/nonexistent/site")
        #expect(config.file == nil)
        #expect(config.source == "/nonexistent/site/Watch")
        #expect(config.targets.map(\.key) == ["html:/nonexistent/site/Output/html", "epub:/nonexistent/site/Output/epub",
                                              "text:/nonexistent/site/Output/newsletter"])
        #expect(config.state == "/nonexistent/site/.quire")
        #expect(config == Config(folder: "/nonexistent/site"))
    }

    @Test("every key, relative paths against the file's folder")
    func everyKey() throws {
        let yaml = """
            source: posts
            assets: [posts, /srv/assets]
            base_url: https://example.com/
            templates: ../shared/templates
            targets:
              - { format: html, path: out/html, layout: flat }
              - { format: epub, path: /var/books }
              - format: text
                path: out/letters
            state: state
            drafts: true
            language: de
            width: 66
            safe: true
            smart: true
            toc_depth: 2
            limits: { time: 1.5s, memory: 256MB }
            debounce: 300ms
            """
        let config = try Config.parse(yaml: yaml, file: "/etc/quire/quire.yaml", folder: "/etc/quire")
        #expect(config.source == "/etc/quire/posts")
        #expect(config.assets == ["/etc/quire/posts", "/srv/assets"])
        #expect(config.baseURL == "https://example.com")
        #expect(config.templates == "/etc/shared/templates")
        #expect(config.targets == [Target(format: .html, path: "/etc/quire/out/html", layout: .flat),
                                   Target(format: .epub, path: "/var/books"),
                                   Target(format: .text, path: "/etc/quire/out/letters")])
        #expect(config.state == "/etc/quire/state")
        #expect(config.drafts && config.safe && config.smart)
        #expect(config.language == "de" && config.width == 66 && config.tocDepth == 2)
        #expect(config.limits.time == 1.5 && config.limits.memory == 256 << 20)
        #expect(abs(config.debounce - 0.3) < 1e-9)
        let options = config.conversionOptions(formats: [.html])
        #expect(options.textWidth == 66 && options.defaultLanguage == "de" && options.assetRoots == config.assets)
    }

    @Test("unknown keys are errors with their line, and a suggestion", arguments: [
        ("source: Watch\ntagets: []\n", "quire.yaml:2: unknown key \"tagets\" in the configuration (did you mean \"targets\"?)"),
        ("targets:\n  - format: html\n    path: out\n    layot: flat\n", "quire.yaml:4: unknown key \"layot\" in a target (did you mean \"layout\"?)"),
        ("limits:\n  cpu: 3\n", "quire.yaml:2: unknown key \"cpu\" in limits (known: time, memory)"),
    ])
    func unknownKey(yaml: String, expected: String) {
        #expect(throws: ConfigError.self) { try Config.parse(yaml: yaml, file: "/x/quire.yaml", folder: "/x") }
        do {
            _ = try Config.parse(yaml: yaml, file: FileManager.default.currentDirectoryPath + "/quire.yaml", folder: "/x")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test("bad values are one-line errors naming the file and line", arguments: [
        ("width: wide\n", 1, "width"),
        ("drafts: maybe\n", 1, "drafts"),
        ("targets:\n  - { format: pdf, path: x }\n", 2, "unknown format \"pdf\""),
        ("targets:\n  - { format: html }\n", 2, "needs a path"),
        ("base_url: example.com\n", 1, "http"),
        ("source: [\n", 2, "YAML"),
        ("limits: { time: soon }\n", 1, "duration"),
        ("targets:\n  - { format: html, path: a }\n  - { format: html, path: a }\n", 3, "listed twice"),
    ])
    func badValue(yaml: String, line: Int, fragment: String) {
        do {
            _ = try Config.parse(yaml: yaml, file: "/x/quire.yaml", folder: "/x")
            Issue.record("accepted \(yaml)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(fragment), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("aliases that expand into a huge tree are refused quickly")
    func aliasBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let start = ContinuousClock.now
        #expect(throws: ConfigError.self) { try Config.parse(yaml: yaml, file: "/x/q.yaml", folder: "/x") }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("quire.yaml in the working directory is found; --config wins")
    func resolve() throws {
        let folder = NSTemporaryDirectory() + "quire-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/etc", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("source: here\n".utf8).write(to: URL(fileURLWithPath: folder + "/quire.yaml"))
        try Data("source: there\n".utf8).write(to: URL(fileURLWithPath: folder + "/etc/other.yaml"))
        #expect(try Config.resolve(explicit: nil, workingDirectory: folder).source == folder + "/here")
        #expect(try Config.resolve(explicit: "etc/other.yaml", workingDirectory: folder).source == folder + "/etc/there")
        #expect(throws: ConfigError.self) { try Config.resolve(explicit: "missing.yaml", workingDirectory: folder) }
    }

    @Test("check: a target inside the source, a missing source, a target that is a file")
    func problems() throws {
        let folder = NSTemporaryDirectory() + "quire-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/Watch", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/blocked"))
        var config = Config(folder: folder)
        #expect(config.problems().isEmpty)
        config.targets = [Target(format: .html, path: folder + "/Watch/out"),
                          Target(format: .epub, path: folder + "/blocked"),
                          Target(format: .text, path: folder + "/blocked/deeper")]
        let messages = config.problems().map(\.message)
        #expect(config.structuralProblems().count == 1)
        #expect(messages.contains { $0.contains("Watch/out") && $0.contains("inside the source folder") })
        #expect(messages.contains { $0.hasSuffix("blocked is a file, not a folder") })
        #expect(messages.contains { $0.contains("blocked/deeper cannot be created") })
        config.source = folder + "/gone"
        #expect(config.problems().contains { $0.message.contains("does not exist") })
    }
}
