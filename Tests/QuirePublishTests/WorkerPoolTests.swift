import Foundation
import Testing
@testable import QuirePublish
import QuireConvert

/// Each way a conversion can go wrong costs that post alone: a one-line
/// error, then the next post converts on a replacement worker.
@Suite(.serialized) struct WorkerPoolTests {
    @Test func convertsLikeTheConverterInThisProcess() async throws {
        let fixture = try WorkerFixture()
        let path = try fixture.post("a.md", WorkerFixture.ordinary)
        let pool = fixture.pool()
        let remote = try await pool.convert(path)
        let local = try Converter(options: WorkerFixture.options).convert(file: path)
        #expect(remote.outputs == local.outputs)
        #expect(remote.warnings == local.warnings)
        #expect(remote.images == local.images)
        #expect(remote.post.title == local.post.title)
        #expect(remote.post.slug == local.post.slug)
        #expect(remote.post.document.blocks.isEmpty, "the document stays in the worker")
        await pool.shutdown()
    }

    @Test func aWorkerStartedAheadIsTheOneThatConverts() async throws {
        let fixture = try WorkerFixture()
        let path = try fixture.post("a.md", WorkerFixture.ordinary)
        let pool = fixture.pool()
        pool.prepare(jobs: 1)
        // The start happens in the background; the conversion waits for it.
        _ = try await pool.convert(path)
        #expect(await pool.startedWorkers() == 1, "the conversion used the worker started ahead")
        pool.prepare(jobs: 1)
        _ = try await pool.convert(path)
        #expect(await pool.startedWorkers() == 1, "a running worker is not started again")
        await pool.shutdown()
    }

    @Test func aBuildWithNothingChangedStartsNoWorker() async throws {
        let fixture = try WorkerFixture()
        let f = try Fixture()
        for i in 1...3 { try f.post("p\(i).md", title: "Post \(i)") }
        let first = fixture.pool()
        let publisher = Publisher(config: f.config, converter: first, generator: "test")
        await publisher.setSettle(.zero)
        #expect(await publisher.sync().built.count == 3)
        await first.shutdown()
        try await Task.sleep(for: .milliseconds(20))

        let idle = fixture.pool()
        let none = await Publisher(config: f.config, converter: idle, generator: "test").sync()
        #expect(none.unchanged == 3 && none.succeeded)
        #expect(await idle.spawnedWorkers() == 0, "no worker for a build that converts nothing")
        await idle.shutdown()

        try f.post("p2.md", title: "Post 2, again")
        let busy = fixture.pool()
        let one = await Publisher(config: f.config, converter: busy, generator: "test").sync()
        #expect(one.built.count == 1 && one.succeeded)
        #expect(await busy.spawnedWorkers() == 1, "the worker started by the scan is the one that converts")
        #expect(await busy.startedWorkers() == 1)
        await busy.shutdown()
    }

    @Test func aPostErrorComesBackAsItIs() async throws {
        let fixture = try WorkerFixture()
        let path = try fixture.post("bad.md", "")
        try Data([0x66, 0xff, 0xfe, 0x0a]).write(to: URL(fileURLWithPath: path))
        let pool = fixture.pool()
        let remote = await pool.result(path).error
        var local: ConversionError?
        do { _ = try Converter(options: WorkerFixture.options).convert(file: path) } catch { local = error }
        #expect(remote != nil)
        #expect(remote == local)
        #expect(await pool.startedWorkers() == 1, "an ordinary error does not cost the worker")
        await pool.shutdown()
    }

    @Test func aPostOverItsTimeIsStoppedAndTheNextOneConverts() async throws {
        let fixture = try WorkerFixture()
        let hang = try fixture.post("hang.md", WorkerFixture.ordinary)
        let fine = try fixture.post("fine.md", WorkerFixture.ordinary)
        let pool = fixture.pool(budget: Budget(seconds: 0.3, memory: 512 << 20), size: 1, hooks: ["HANG": "hang.md"])
        _ = try await pool.convert(fine)  // the worker is up: time only the job
        let (result, seconds) = await WorkerFixture.elapsed { await pool.result(hang) }
        #expect(result.error?.description == "\(hang): stopped: took more than 300 ms")
        #expect(seconds >= 0.3 && seconds < 2.5, "stopped at its deadline, took \(seconds) s")
        let next = try await pool.convert(fine)
        #expect(next.post.title == "An ordinary post")
        #expect(await pool.startedWorkers() == 2, "the killed worker was replaced")
        await pool.shutdown()
    }

    @Test func aRealPostOverATinyTimeBudgetIsStopped() async throws {
        let fixture = try WorkerFixture()
        let long = try fixture.post("long.md", WorkerFixture.longTable)
        let pool = fixture.pool(budget: Budget(seconds: 0.02, memory: 512 << 20), size: 1)
        #expect(await pool.result(long).error?.reason == .overBudget("took more than 20 ms"))
        await pool.shutdown()
        // The same post with time to spare converts (a roomy budget: a debug
        // build on a busy machine is slow, and the point is the 20 ms stop).
        let roomy = fixture.pool(budget: Budget(seconds: 60, memory: 512 << 20), size: 1)
        let conversion = try await roomy.convert(long)
        #expect(conversion.outputs[.html]?.isEmpty == false)
        await roomy.shutdown()
    }

    @Test func aCrashIsOneLineAndTheNextPostConverts() async throws {
        let fixture = try WorkerFixture()
        let crash = try fixture.post("crash.md", WorkerFixture.ordinary)
        let fine = try fixture.post("fine.md", WorkerFixture.ordinary)
        let pool = fixture.pool(size: 1, hooks: ["CRASH": "crash.md"])
        let error = await pool.result(crash).error
        #expect(error?.description == "\(crash): the converter crashed on this post (signal 11)")
        #expect(try await pool.convert(fine).outputs == (try Converter(options: WorkerFixture.options).convert(file: fine).outputs))
        #expect(await pool.startedWorkers() == 2)
        await pool.shutdown()
    }

    @Test func aPostOverItsMemoryIsStoppedAndTheNextOneConverts() async throws {
        let fixture = try WorkerFixture()
        let hog = try fixture.post("hog.md", WorkerFixture.ordinary)
        let fine = try fixture.post("fine.md", WorkerFixture.ordinary)
        let pool = fixture.pool(budget: Budget(seconds: 20, memory: 64 << 20), size: 1, hooks: ["MEMORY": "hog.md"])
        #expect(await pool.result(hog).error?.description == "\(hog): stopped: used more than 64 MB")
        #expect(try await pool.convert(fine).post.title == "An ordinary post")
        await pool.shutdown()
    }

    @Test func aWorkerThatKeptMemoryIsReplacedAfterItsPost() async throws {
        let fixture = try WorkerFixture()
        let leak = try fixture.post("leak.md", WorkerFixture.ordinary)
        let fine = try fixture.post("fine.md", WorkerFixture.ordinary)
        let pool = fixture.pool(budget: Budget(seconds: 20, memory: 64 << 20), size: 1, hooks: ["LEAK": "leak.md"])
        _ = try await pool.convert(fine)
        _ = try await pool.convert(fine)
        #expect(await pool.startedWorkers() == 1, "ordinary posts keep their worker")
        #expect(try await pool.convert(leak).post.title == "An ordinary post", "the post itself converts")
        _ = try await pool.convert(fine)
        #expect(await pool.startedWorkers() == 2, "a worker 40 MB over its idle size, with a 64 MB budget, is replaced")
        await pool.shutdown()
    }

    @Test func aRealPostOverATinyMemoryBudgetIsStopped() async throws {
        let fixture = try WorkerFixture()
        let long = try fixture.post("long.md", WorkerFixture.longTable)
        let pool = fixture.pool(budget: Budget(seconds: 20, memory: 16 << 20), size: 1)
        #expect(await pool.result(long).error?.reason == .overBudget("used more than 16 MB"))
        await pool.shutdown()
    }

    @Test func otherPostsCarryOnWhileOneCrashesAndOneHangs() async throws {
        let fixture = try WorkerFixture()
        var paths: [String] = []
        for i in 0..<24 { paths.append(try fixture.post("p\(i).md", WorkerFixture.ordinary)) }
        let pool = fixture.pool(budget: Budget(seconds: 1, memory: 512 << 20), size: 2,
                                hooks: ["CRASH": "p5.md", "HANG": "p11.md"])
        let results = await withTaskGroup(of: (String, Result<Conversion, ConversionError>).self) { group in
            for path in paths { group.addTask { (path, await pool.result(path)) } }
            var all: [String: Result<Conversion, ConversionError>] = [:]
            for await (path, result) in group { all[path] = result }
            return all
        }
        for (path, result) in results {
            switch (path as NSString).lastPathComponent {
            case "p5.md": #expect(result.error?.reason == .crashed("signal 11"))
            case "p11.md": #expect(result.error?.reason == .overBudget("took more than 1 s"))
            default: #expect(result.error == nil, "\(path): \(String(describing: result.error))")
            }
        }
        await pool.shutdown()
    }

    @Test func prepareSpawnsBeforeItReturnsAndDoesNotWaitForTheHello() async throws {
        // A "worker" that never says hello: prepare must neither wait for it
        // nor leave its spawn to a thread that may run later.
        let marker = UUID().uuidString
        let pool = WorkerPool(size: 2, command: .init(executable: "/bin/sh", arguments: ["-c", "exec sleep 30", "sh"],
                                                      environment: ["QUIRE_TEST_MARKER": marker]))
        let (_, seconds) = await WorkerFixture.elapsed { pool.prepare(jobs: 1) }
        #expect(seconds < 2, "prepare returned without waiting for a hello (\(seconds) s)")
        #expect(Self.processes(withMarker: marker).count == 1, "spawned by the time prepare returned")
        pool.prepare(jobs: 1)
        #expect(Self.processes(withMarker: marker).count == 1, "a slot starting its worker is not started again")
        pool.prepare(jobs: 2)
        #expect(Self.processes(withMarker: marker).count == 2)
        await pool.shutdown()
        #expect(Self.processes(withMarker: marker).isEmpty, "shutdown ends workers that never said hello")
    }

    /// Processes whose environment holds `QUIRE_TEST_MARKER=marker`.
    static func processes(withMarker marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { name in
            guard Int(name) != nil, let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ") else { return false }
            return String(decoding: environment, as: UTF8.self).contains("QUIRE_TEST_MARKER=\(marker)")
        }
    }

    @Test func aWorkerThatCannotStartIsAnErrorForThePostNotACrash() async throws {
        let fixture = try WorkerFixture()
        let path = try fixture.post("a.md", WorkerFixture.ordinary)
        let pool = WorkerPool(size: 1,
                              command: .init(executable: "/nonexistent/quire", arguments: ["worker"]))
        let error = await pool.result(path).error
        #expect(error?.description.hasPrefix("\(path): the converter crashed on this post (no worker: cannot start /nonexistent/quire") == true)
        let notAWorker = WorkerPool(size: 1,
                                    command: .init(executable: "/bin/true", arguments: []))
        #expect(await notAWorker.result(path).error?.description.contains("no worker: the worker stopped at start (exit status 0)") == true)
    }

    @Test func shutdownLeavesNoWorkerBehind() async throws {
        let fixture = try WorkerFixture()
        let path = try fixture.post("a.md", WorkerFixture.ordinary)
        let pool = fixture.pool(size: 2)
        async let one = pool.convert(path)
        async let two = pool.convert(path)
        _ = try await (one, two)
        let pids = await pool.workerProcessIDs()
        #expect(pids.count == 2)
        for pid in pids { #expect(kill(pid, 0) == 0, "worker \(pid) runs") }
        await pool.shutdown()
        for pid in pids { #expect(kill(pid, 0) != 0, "worker \(pid) is gone and reaped") }
    }
}
