import Foundation
import QuireConvert
#if canImport(Glibc)
import Glibc
#endif

/// Keeps every target in step with the source folder: finds the posts,
/// decides what changed, converts those in parallel, and publishes the
/// results atomically and in order. One sync at a time; the daemon calls
/// `publish(changed:)` for what it saw change and `sync()` to reconcile.
///
/// A sync reads like its steps:
/// lock -> scan source (a worker spawned at the first post changed since
/// the manifest, none if none changed) -> load manifest -> sweep crash
/// leftovers -> hash templates -> decide
/// -> convert (parallel; each post planned and staged as it arrives;
/// meanwhile who owns which path is gathered, `PathClaims`)
/// -> flush (its own thread), meanwhile refuse collisions, record intent
/// (a lookup per planned path), make folders -> rename into place (images
/// before pages) -> take down what is gone -> flush the folders (its own
/// thread) while the manifest is written and flushed -> rename the
/// manifest into place.
public actor Publisher {
    public nonisolated let config: Config
    let converter: any PostConverting
    let concurrency: Int
    let generator: String
    let events: (@Sendable (PublishEvent) -> Void)?
    /// The manifest as the last run left it on disk (see `ManifestCache`).
    private var manifestCache: ManifestCache?
    /// Posts whose unchanged bytes fail to convert, for as long as this
    /// publisher lives (see `KnownFailure`).
    private var knownFailures: [String: KnownFailure] = [:]
    /// How old a file's times must be for its stamp to be recorded (see
    /// `PublishRun.init`); tests shorten it.
    private(set) var settle: Duration = .seconds(3)

    func setSettle(_ settle: Duration) {
        self.settle = settle
    }

    /// - Parameters:
    ///   - converter: in-process by default; a worker pool plugs in here.
    ///   - concurrency: conversions at once; all cores by default.
    ///   - generator: names this build of quire; outputs made by another are rebuilt.
    ///   - events: progress for a bar or a log, called from one task at a time.
    public init(config: Config, converter: any PostConverting = InProcessConverter(),
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
                generator: String = Publisher.currentGenerator,
                events: (@Sendable (PublishEvent) -> Void)? = nil) {
        self.config = config
        self.converter = converter
        self.concurrency = max(1, concurrency)
        self.generator = generator
        self.events = events
    }

    /// Reconciles every post with every target. `clean` rebuilds all.
    public func sync(clean: Bool = false) async -> PublishSummary {
        await run(changed: nil, clean: clean)
    }

    /// Looks only at these paths (posts, folders of posts, images, templates,
    /// absolute or relative to the working directory) and what depends on them.
    public func publish(changed paths: [String]) async -> PublishSummary {
        await run(changed: paths, clean: false)
    }

    private func run(changed: [String]?, clean: Bool) async -> PublishSummary {
        let started = ContinuousClock.now
        var run = PublishRun(config: config, generator: generator, clean: clean, settle: settle, events: events)
        let problems = config.structuralProblems()
        guard problems.isEmpty else {
            for problem in problems { run.fail(post: nil, problem.description) }
            return run.finish(since: started)
        }
        let lock: StateLock
        do {
            let config = config, events = events
            lock = try await StateLock.acquire(in: config.state) {
                events?(.warning("waiting for another quire publishing with the state folder \(Paths.display(config.state))"))
            }
        } catch {
            run.fail(post: nil, "state folder: \(error)")
            return run.finish(since: started)
        }
        defer { withExtendedLifetime(lock) {} }
        // Still under the lock: no other quire can have replaced the file.
        defer { manifestCache = run.onDisk.flatMap { ManifestCache(manifest: $0, folder: config.state) } }
        run.knownFailures = knownFailures
        defer { knownFailures = run.knownFailures }

        // The manifest is read on another thread while the scan walks the
        // source: for a thousand posts each takes about 4 ms, the largest
        // steps of a one-post build.
        let cache = manifestCache, state = config.state
        let reading = Task.detached { PublishRun.FoundManifest.read(in: state, cached: cache) }
        // Workers start as the scan meets the first changed post, while the
        // scan goes on and the manifest loads, then as many as the changed
        // posts will keep busy; a build with nothing changed starts none.
        var likely = 0
        let converter = converter, concurrency = concurrency
        let scanned = run.scanSource {
            likely += 1
            if likely == 1 || likely == concurrency { converter.prepare(jobs: likely) }
        }
        guard scanned else { return run.finish(since: started) }
        if likely > 1 && likely < concurrency { converter.prepare(jobs: likely) }
        run.loadManifest(from: await reading.value)
        if run.needsSweep { run.sweepTemporaryFiles() }
        run.templatesHash = run.hashTemplates()
        let jobs = run.decide(examined: run.examined(changed: changed))
        run.beginPlanning(expected: jobs.reduce(0) { $0 + $1.targets.count })
        await convert(jobs, into: &run)
        run.startFlush()
        run.refuseCollisions()
        guard run.recordIntent() else {
            run.discardRefused()
            return run.finish(since: started)
        }
        run.write()
        run.takeDown()
        run.saveManifest()
        return run.finish(since: started)
    }

    /// Converts in parallel (the converter's workers bound how many run at
    /// once; up to twice `concurrency` are asked for), and hands each
    /// conversion to `run` in job order (a conversion that finishes early
    /// waits for those before it), so publishing stays deterministic while
    /// the writing overlaps the converting and no more than a few posts'
    /// outputs are held at once: at most `Publisher.convertedAhead` wait
    /// behind a post still converting (one that hangs until its budget
    /// stops it), however many posts the build has.
    private func convert(_ jobs: [PublishRun.Job], into run: inout PublishRun) async {
        guard !jobs.isEmpty else { return }
        events?(.converting(total: jobs.count))
        var jobs = jobs
        var arrived = [Outcome?](repeating: nil, count: jobs.count)
        let converter = converter
        let config = config
        let settledBefore = run.settledBefore
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func start() {
                let index = next
                let job = jobs[index]
                next += 1
                // The task holds the post's bytes until it is converted.
                jobs[index].bytes = []
                group.addTask {
                    // A post with no record is read here (see `decide`).
                    let bytes: [UInt8]
                    var read: (hash: String, stamp: FileStamp?)?
                    if let given = job.bytes {
                        bytes = given
                    } else {
                        do throws(FileSystemError) {
                            let fresh = try PublishRun.Read(job.absolute, settledBefore: settledBefore)
                            bytes = fresh.bytes
                            read = (fresh.hash, fresh.stamp)
                        } catch {
                            return (index, .unreadable(error))
                        }
                    }
                    let options = config.conversionOptions(formats: Set(job.targets.map(\.format)))
                    do throws(ConversionError) {
                        var conversion = try await converter.convert(bytes: bytes, path: job.absolute, options: options)
                        // Publishing needs the outputs, not the parsed tree: let it go
                        // now rather than hold it until the post is staged.
                        conversion.post.document = Document(blocks: [])
                        return (index, .converted(.success(conversion), read: read))
                    } catch {
                        return (index, .converted(.failure(error), read: read))
                    }
                }
            }
            var done = 0
            var planned = 0
            // Twice as many conversions as workers are asked for: a worker
            // that finishes finds its next post already waiting in the
            // pool, instead of waiting for this loop to stage the post
            // before (about a fifth of a worker's time on two cores).
            // Conversions that finish wait in order to be staged, so behind
            // a post that is slow, no more than `convertedAhead` are started.
            let inFlight = 2 * concurrency, ahead = max(Self.convertedAhead, inFlight)
            func refill() {
                while next < jobs.count, next - done < inFlight, next - planned < ahead { start() }
            }
            refill()
            // The checks after the last conversion need to know who owns
            // which path: gathered now, while this thread would wait.
            run.gatherClaims()
            while let (index, result) = await group.next() {
                arrived[index] = result
                done += 1
                events?(.converted(post: jobs[index].display, done: done, total: jobs.count))
                // The worker gets its next post before this one is staged.
                refill()
                while planned < jobs.count, let ready = arrived[planned] {
                    arrived[planned] = nil
                    switch ready {
                    case let .unreadable(error):
                        run.unreadable(jobs[planned].relative, error)
                    case let .converted(result, read):
                        if let read {
                            jobs[planned].sourceHash = read.hash
                            jobs[planned].stamp = read.stamp
                        }
                        run.plan(job: jobs[planned], result: result)
                    }
                    planned += 1
                }
                refill()
            }
        }
    }

    /// What a conversion task hands back. A post it read itself (one with
    /// no record yet) comes with its hash and stamp, or could not be read.
    private enum Outcome: Sendable {
        case converted(Result<Conversion, ConversionError>, read: (hash: String, stamp: FileStamp?)?)
        case unreadable(FileSystemError)
    }

    /// How many posts may be converted ahead of the next one to stage: their
    /// outputs wait in memory (about 60 KB a post for three formats).
    static let convertedAhead = 64

    /// Names this build of quire by its executable's size and modification
    /// time: a new quire may render differently, so its first sync rebuilds.
    public static let currentGenerator: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()
}

extension Publisher {
    /// What a sync would do, without converting or writing anything.
    public struct Preview: Sendable {
        /// Posts that would be converted.
        public var build: [String]
        public var unchanged: Int
        /// Posts whose outputs would be taken down.
        public var remove: [String]
        /// Set when there is no usable manifest (everything is rebuilt).
        public var manifestNote: String?
    }

    public func preview() -> Preview {
        var run = PublishRun(config: config, generator: generator, clean: false, events: nil)
        run.loadManifest()
        guard run.scanSource() else {
            return Preview(build: [], unchanged: 0, remove: [], manifestNote: run.summary.failures.first)
        }
        run.templatesHash = run.hashTemplates()
        let jobs = run.decide(examined: run.examined(changed: nil))
        let note = run.adopt ? (run.summary.warnings.first ?? "no manifest yet: every post is built") : nil
        return Preview(build: jobs.map(\.display), unchanged: run.summary.unchanged,
                       remove: run.removals.map(run.display), manifestNote: note)
    }
}
