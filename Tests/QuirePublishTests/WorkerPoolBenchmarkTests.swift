import Foundation
import Testing
@testable import QuirePublish
import QuireConvert

/// What the worker protocol costs next to converting in this process, on
/// real posts. Prints its figures; fails only if the outputs differ.
@Suite(.serialized) struct WorkerPoolBenchmarkTests {
    static let corpus = WorkerFixture.packageRoot.appendingPathComponent("../shared/corpus/nodejs-blog").standardized

    /// Processor time of this process and of the children it has reaped.
    static func processorSeconds() -> Double {
        var mine = rusage(), children = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &mine)
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &children)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(mine.ru_utime) + seconds(mine.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime)
    }

    @Test func aSmallPostsRoundTrip() async throws {
        let fixture = try WorkerFixture()
        let path = try fixture.post("a.md", WorkerFixture.ordinary)
        let pool = fixture.pool(size: 1)
        _ = try await pool.convert(path)  // started and warm
        let rounds = 300
        let (_, pooled) = try await WorkerFixture.elapsed { for _ in 0..<rounds { _ = try await pool.convert(path) } }
        let converter = Converter(options: WorkerFixture.options)
        let (_, local) = try await WorkerFixture.elapsed { for _ in 0..<rounds { _ = try converter.convert(file: path) } }
        await pool.shutdown()
        print(String(format: "worker round trip, small post: %.0f µs in a worker, %.0f µs in-process, %.0f µs overhead",
                     pooled / Double(rounds) * 1e6, local / Double(rounds) * 1e6, (pooled - local) / Double(rounds) * 1e6))
    }

    // Runs when ../shared/corpus is there (not in a bare checkout).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path)))
    func theCorpusInWorkersAndInProcess() async throws {
        var posts: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: Self.corpus.path)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".md") { posts.append(Self.corpus.appendingPathComponent(relative).path) }
        }
        posts.sort()
        let options = WorkerFixture.options
        let cores = ProcessInfo.processInfo.activeProcessorCount

        func convertAll(parallel: Int, _ convert: @escaping @Sendable (String) async -> Result<Conversion, ConversionError>)
            async -> [String: [OutputFormat: [UInt8]]] {
            await withTaskGroup(of: (String, [OutputFormat: [UInt8]]).self) { group in
                var next = 0
                func start() {
                    guard next < posts.count else { return }
                    let path = posts[next]
                    next += 1
                    group.addTask { (path, (try? await convert(path).get())?.outputs ?? [:]) }
                }
                for _ in 0..<parallel { start() }
                var all: [String: [OutputFormat: [UInt8]]] = [:]
                for await (path, outputs) in group {
                    all[path] = outputs
                    start()
                }
                return all
            }
        }

        let pool = WorkerPool(size: cores,
                              command: .init(executable: WorkerFixture.quire, arguments: ["worker"]))
        let cpu0 = Self.processorSeconds()
        let (pooled, poolSeconds) = await WorkerFixture.elapsed { await convertAll(parallel: 2 * cores) { await pool.result($0) } }
        let started = await pool.startedWorkers()
        await pool.shutdown()
        let cpu1 = Self.processorSeconds()
        // As many at once as there are workers: MarkdownParser lets one
        // cmark parse run at a time in a process, rendering runs in parallel.
        let (local, localSeconds) = await WorkerFixture.elapsed {
            await convertAll(parallel: 2 * cores) { path in Result { () throws(ConversionError) in try Converter(options: options).convert(file: path) } }
        }
        let cpu2 = Self.processorSeconds()

        #expect(pooled.count == posts.count)
        // Compared post by post: a failure names posts, not 200 MB of bytes.
        let differing = posts.filter { pooled[$0] != local[$0] }
        #expect(differing.isEmpty, "a worker's outputs differ from this process's for \(differing.count) posts: \(differing.prefix(5))")
        let bytes = posts.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        // Processor time is the whole test process's: run this suite alone
        // (--filter WorkerPoolBenchmark) for figures that mean something.
        print(String(format: "corpus: %d posts, %.1f MB, formats %@, %d workers", posts.count, Double(bytes) / 1e6,
                     options.formats.map(\.rawValue).sorted().joined(separator: ","), cores))
        print(String(format: "corpus in workers:    %.2f s wall, %.2f s processor, %d workers started", poolSeconds, cpu1 - cpu0, started))
        print(String(format: "corpus in-process:    %.2f s wall, %.2f s processor", localSeconds, cpu2 - cpu1))
        print(String(format: "worker overhead:      %.2f ms processor per post (starting %d workers included)",
                     ((cpu1 - cpu0) - (cpu2 - cpu1)) / Double(posts.count) * 1e3, cores))
    }
}
