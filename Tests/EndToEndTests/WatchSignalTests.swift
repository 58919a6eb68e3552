#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

extension DaemonEndToEnd {
    /// `quire watch` as a systemd service: sd_notify messages in order, reload
    /// on SIGHUP, a clean stop on SIGTERM in the middle of a build, journald
    /// log lines, the watchdog.
    @Suite struct WatchSignalTests {
        /// READY after the first reconcile; RELOADING (with MONOTONIC_USEC) then
        /// READY for each reload, good or bad; STOPPING last.
        @Test func reloadWithGoodAndBadConfiguration() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "post text"))
            let daemon = try WatchDaemon(sandbox)
            let notify = try #require(daemon.notify)
            #expect(await daemon.waitUntilReady())
            #expect(sandbox.page("post") != nil)

            // A good new configuration: another target folder. Saving the file
            // reloads it; SIGHUP reloads it again (unchanged).
            try sandbox.write("quire.yaml", WatchSandbox.htmlConfig.replacingOccurrences(of: "Output/html", with: "Output/site"))
            #expect(await eventually { sandbox.read("Output/site/post/index.html")?.contains("post text") == true })
            daemon.signal(SIGHUP)
            #expect(await eventually { daemon.log.contains("configuration unchanged") })
            #expect(await eventually { notify.messages.filter { $0.hasPrefix("READY=1") }.count == 3 })

            // A bad one: reported, the running one kept.
            try sandbox.write("quire.yaml", "targets: [\n  - { format: html, path: [oops\n")
            #expect(await eventually { daemon.log.contains("keeping the running configuration") })
            daemon.signal(SIGHUP)
            #expect(await eventually { notify.messages.filter { $0.hasPrefix("READY=1") }.count == 5 })
            #expect(notify.messages.last?.contains("STATUS=reload failed") == true)
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "still published"))
            #expect(await eventually { sandbox.read("Output/site/post/index.html")?.contains("still published") == true })

            #expect(await daemon.terminate() == 0)
            let messages = notify.messages
            let kinds = messages.compactMap { message -> String? in
                for kind in ["READY=1", "RELOADING=1", "STOPPING=1"] where message.hasPrefix(kind) { return kind }
                return nil
            }
            var expected = ["READY=1"]
            for _ in 0..<4 { expected += ["RELOADING=1", "READY=1"] }
            expected.append("STOPPING=1")
            #expect(kinds == expected, "\(messages)")
            // RELOADING=1 carries MONOTONIC_USEC, on the monotonic clock, increasing.
            let stamps = messages.filter { $0.hasPrefix("RELOADING=1") }.compactMap { message in
                message.split(separator: "\n").first { $0.hasPrefix("MONOTONIC_USEC=") }.flatMap { UInt64($0.dropFirst(15)) }
            }
            #expect(stamps.count == 4 && stamps == stamps.sorted())
            // Every READY=1 comes with a STATUS= line saying what the service does.
            #expect(messages.filter { $0.hasPrefix("READY=1") }.allSatisfy { $0.contains("\nSTATUS=") })
        }

        /// SIGTERM in the middle of a large build: the post being published is
        /// finished, nothing is half-written, exit 0 within seconds; the next
        /// start completes the build.
        @Test func sigtermDuringALargeBuild() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let count = 250
            for i in 0..<count {
                try sandbox.write("Watch/p\(i).md", WatchSandbox.post("Post \(i)", String(repeating: "Some words here. ", count: 40)))
            }
            var daemon = try WatchDaemon(sandbox)
            #expect(await eventually(timeout: .seconds(60)) { daemon.log.contains("published Watch/") })
            let sent = ContinuousClock.now
            let status = await daemon.terminate(timeout: .seconds(10))
            let took = ContinuousClock.now - sent
            #expect(status == 0, "\(daemon.log)")
            #expect(took < .seconds(5), "took \(took) to stop")
            print("stopped \(took) after SIGTERM")
            let published = daemon.log.split(separator: "\n").filter { $0.contains("published Watch/") }.count
            #expect(published < count, "the build had finished before SIGTERM; the test proves nothing")
            #expect(daemon.notify?.messages.last?.hasPrefix("STOPPING=1") == true, "\(daemon.notify?.messages ?? [])")
            #expect(!daemon.notify!.messages.contains { $0.hasPrefix("READY=1") })

            let everything = sandbox.files(under: "Output") + sandbox.files(under: ".quire")
            #expect(!everything.contains { $0.contains(".quire-tmp-") }, "temporary files left: \(everything)")
            for page in sandbox.files(under: "Output/html") {
                #expect(sandbox.read(page)?.hasSuffix("</html>\n") == true || sandbox.read(page)?.hasSuffix("</html>") == true,
                        "\(page) is not complete")
            }

            daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady(timeout: .seconds(120)))
            #expect((try? FileManager.default.contentsOfDirectory(atPath: sandbox.path + "/Output/html"))?.count == count)
            #expect(await daemon.terminate() == 0)
        }

        @Test func sigintStopsCleanly() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitUntilReady())
            daemon.signal(SIGINT)
            #expect(await daemon.waitForExit(timeout: .seconds(5)) == 0)
        }

        /// Under journald (`JOURNAL_STREAM` names our standard error): `<N>`
        /// priorities, no timestamps. One line per publish: post, formats, ms.
        @Test func journaldLogLines() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            try sandbox.write("Watch/post.md", WatchSandbox.post("Post", "text"))
            _ = FileManager.default.createFile(atPath: sandbox.path + "/daemon.log", contents: nil)
            var info = stat()
            #expect(stat(sandbox.path + "/daemon.log", &info) == 0)
            let daemon = try WatchDaemon(sandbox, environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"])
            #expect(await daemon.waitUntilReady())
            // Not UTF-8: a clear one-line error naming the file.
            try Data([0xFF, 0xFE, 0x20, 0x62, 0x61, 0x64, 0x0A]).write(to: URL(fileURLWithPath: sandbox.path + "/Watch/broken.md"))
            #expect(await eventually { daemon.log.contains("broken.md") })
            #expect(await daemon.terminate() == 0)
            let lines = daemon.log.split(separator: "\n")
            #expect(!lines.isEmpty)
            #expect(lines.allSatisfy { $0.wholeMatch(of: /<[0-7]>[^<].*/) != nil }, "\(lines)")
            #expect(lines.contains { $0.wholeMatch(of: /<6>published Watch\/post\.md \(html\) in \d+ ms/) != nil }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("<3>") && $0.contains("broken.md") }, "\(lines)")
            #expect(!lines.contains { $0.contains(/\d\d:\d\d:\d\d/) })
        }

        /// WATCHDOG=1 at half of WATCHDOG_USEC.
        @Test func watchdogPings() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox, environment: ["WATCHDOG_USEC": "200000"])
            #expect(await daemon.waitUntilReady())
            let start = ContinuousClock.now
            #expect(await eventually { daemon.notify!.messages.filter { $0 == "WATCHDOG=1" }.count >= 6 })
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(2), "6 pings took \(elapsed); expected one every 100 ms")
            #expect(await daemon.terminate() == 0)
        }

        /// Without NOTIFY_SOCKET nothing is sent and nothing fails.
        @Test func runsWithoutSystemd() async throws {
            let sandbox = try WatchSandbox()
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox, notify: false)
            #expect(await daemon.waitUntilReady())
            #expect(await daemon.terminate() == 0)
        }

        /// A configuration that cannot be read at start is fatal: a clear line,
        /// exit 1 (systemd's Restart=on-failure tries again).
        @Test func badConfigurationAtStartExitsWithOne() async throws {
            let sandbox = try WatchSandbox(config: "source: Watch\nwidth: wide\n")
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitForExit(timeout: .seconds(10)) == 1)
            #expect(daemon.log.contains("quire.yaml:2"), "\(daemon.log)")
        }

        /// A target inside the source folder is refused at start, as `quire build` refuses it.
        @Test func targetInsideTheSourceIsRefused() async throws {
            let sandbox = try WatchSandbox(config: "source: Watch\ntargets:\n  - { format: html, path: Watch/out }\nstate: .quire\n")
            defer { sandbox.remove() }
            let daemon = try WatchDaemon(sandbox)
            #expect(await daemon.waitForExit(timeout: .seconds(10)) == 1)
            #expect(daemon.log.contains("is inside the source folder"), "\(daemon.log)")
        }
    }
}
