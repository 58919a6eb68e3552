#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import QuireConvert

/// Converts posts in supervised `quire worker` processes, so that a post
/// that hangs, eats memory or crashes a C library (libcmark-gfm 0.29 is
/// quadratic on wide table rows and reads out of bounds in autolink) costs
/// one post, never the caller.
///
/// Each of `size` slots owns at most one worker. A job goes to a free slot;
/// the worker has `budget.seconds` of wall-clock time to answer, else it is
/// killed with SIGKILL; it limits its own address space to its idle size
/// plus `budget.memory` when it starts. A worker that dies or is killed is
/// replaced on its slot's next job, and the post it was converting gets a
/// one-line error: `stopped: took more than 5 s`, `stopped: used more than
/// 512 MB`, `the converter crashed on this post (signal 11)`.
public actor WorkerPool: PostConverting {
    /// How to start a worker: `quire worker` (the running binary, through
    /// `/proc/self/exe`, so an upgrade on disk does not mix versions).
    public struct Command: Sendable {
        public var executable: String
        public var arguments: [String]
        /// Added to the inherited environment.
        public var environment: [String: String]

        public init(executable: String = "/proc/self/exe", arguments: [String] = ["worker"],
                    environment: [String: String] = [:]) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
        }
    }

    public nonisolated let budget: Budget
    public nonisolated let size: Int
    private nonisolated let command: Command
    /// Every slot, in a fixed order, for `prepare(jobs:)`, which must not
    /// wait for the actor.
    private nonisolated let slots: [Slot]
    private var idle: [Slot]
    private var waiting: [CheckedContinuation<Slot, Never>] = []

    public init(budget: Budget = .default, size: Int? = nil, command: Command = Command()) {
        // A write to a worker that just died must be an EPIPE error, not a
        // signal that ends this process.
        signal(SIGPIPE, SIG_IGN)
        self.budget = budget
        self.size = max(1, size ?? ProcessInfo.processInfo.activeProcessorCount)
        self.command = command
        slots = (0..<self.size).map { Slot(number: $0) }
        idle = slots
    }

    /// A post its caller has read: the bytes go to the worker, which reads
    /// no post file.
    public func convert(bytes: [UInt8], path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        try await convert(WorkerJob(path: path, bytes: bytes, options: options, seconds: budget.seconds))
    }

    /// The post file at `path`, read by the worker (inside its memory
    /// budget, so even a huge file costs only that post).
    public func convert(file path: String, options: ConversionOptions) async throws(ConversionError) -> Conversion {
        try await convert(WorkerJob(path: path, options: options, seconds: budget.seconds))
    }

    public func convert(_ job: WorkerJob) async throws(ConversionError) -> Conversion {
        let slot = await acquire()
        defer { release(slot) }
        let frame = WorkerFrame.encode(job)
        let (budget, command) = (self.budget, self.command)
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Conversion, ConversionError>, Never>) in
            slot.queue.async {
                done.resume(returning: slot.run(frame, path: job.path, budget: budget, command: command))
            }
        }
        return try result.get()
    }

    /// Makes sure `jobs` slots have a worker: the missing ones are spawned
    /// on the caller's thread and their hellos read when their first jobs
    /// come, so the 10 to 20 ms a worker takes to start overlap the
    /// caller's own work instead of delaying the first conversion. Does not
    /// wait for the actor, so a caller can call it from synchronous code
    /// (the publisher calls it from inside its scan of the source folder,
    /// at the first changed post).
    public nonisolated func prepare(jobs: Int) {
        let (budget, command) = (self.budget, self.command)
        var missing = min(jobs, size) - slots.filter(\.isWarm).count
        for slot in slots.reversed() where missing > 0 && slot.warm() {
            missing -= 1
            // The spawn on this thread: under load, a thread of the queue
            // could take milliseconds to be scheduled. A cold slot's queue
            // is idle, so `sync` runs here at once, as long as prepare is
            // called between builds (the one publisher that owns the pool
            // scans before it converts), never while a job may still be
            // on that slot's queue. Its hello is read when the first job comes.
            slot.queue.sync { _ = slot.spawn(budget: budget, command: command) }
        }
    }

    /// Ends every worker: closes its input so it exits, and reaps it.
    public func shutdown() async {
        var slots = idle
        idle.removeAll()
        while slots.count < size { slots.append(await acquire()) }
        for slot in slots { slot.queue.sync { slot.stop() } }
        idle = slots
    }

    /// How many workers have said hello so far, replacements included.
    public func startedWorkers() -> Int {
        idle.reduce(0) { $0 + $1.started }
    }

    /// How many worker processes have been spawned so far, including any
    /// that never got a job (see `prepare`).
    public func spawnedWorkers() -> Int {
        idle.reduce(0) { $0 + $1.spawned }
    }

    /// The process ids of the running workers (of idle slots), for tests.
    func workerProcessIDs() -> [pid_t] {
        idle.compactMap { slot in slot.queue.sync { slot.pid } }
    }

    private func acquire() async -> Slot {
        // A slot whose worker runs or is starting first: a conversion that
        // took a cold slot would wait for a second start.
        if let warm = idle.lastIndex(where: \.isWarm) { return idle.remove(at: warm) }
        if let slot = idle.popLast() { return slot }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func release(_ slot: Slot) {
        if waiting.isEmpty { idle.append(slot) } else { waiting.removeFirst().resume(returning: slot) }
    }
}

extension WorkerPool {
    /// One worker's place in the pool. Touched only on its own queue, where
    /// the blocking pipe work happens, off the cooperative thread pool.
    final class Slot: @unchecked Sendable {
        let queue: DispatchQueue
        private var process: WorkerProcess? {
            didSet { setWarm(process != nil) }
        }
        private(set) var started = 0
        /// Workers spawned on this slot, whether or not they said hello.
        private(set) var spawned = 0
        /// True from the moment a start is asked for (`warm()`) while its
        /// worker runs: read from any thread, hence the lock. A hint for
        /// choosing slots; `process`, on the queue, is the truth.
        private var warmFlag = false
        private let warmLock = NSLock()

        var pid: pid_t? { process?.pid }

        init(number: Int) {
            queue = DispatchQueue(label: "quire.worker.\(number)")
        }

        var isWarm: Bool {
            warmLock.withLock { warmFlag }
        }

        /// Marks the slot as starting; false if it was warm already.
        func warm() -> Bool {
            warmLock.withLock {
                defer { warmFlag = true }
                return !warmFlag
            }
        }

        private func setWarm(_ value: Bool) {
            warmLock.withLock { warmFlag = value }
        }

        /// Spawns this slot's worker unless it has one, without waiting for
        /// its hello; why not, if it cannot.
        func spawn(budget: Budget, command: Command) -> String? {
            guard process == nil else { return nil }
            do {
                process = try WorkerProcess(executable: command.executable,
                                            arguments: command.arguments + budget.workerArguments,
                                            environment: command.environment.merging(Budget.workerEnvironment) { a, _ in a })
                spawned += 1
                return nil
            } catch {
                setWarm(false)
                return error.description
            }
        }

        /// Starts this slot's worker unless it runs, and waits for its
        /// hello; why not, if it cannot.
        func start(budget: Budget, command: Command) -> String? {
            if let failure = spawn(budget: budget, command: command) { return failure }
            guard let worker = process else { return "no worker" }
            guard worker.hello == nil else { return nil }
            do {
                try worker.awaitHello(timeout: 30)
                started += 1
                return nil
            } catch {
                process = nil
                return error.description
            }
        }

        func run(_ frame: [UInt8], path: String, budget: Budget, command: Command) -> Result<Conversion, ConversionError> {
            if let failure = start(budget: budget, command: command) {
                return .failure(ConversionError(path: path, reason: .crashed("no worker: \(failure)")))
            }
            guard let worker = process else { return .failure(ConversionError(path: path, reason: .crashed("no worker"))) }
            switch worker.exchange(frame, seconds: budget.seconds) {
            case let .reply(payload):
                // The address-space limit was set on the idle worker; a worker
                // that kept much of what a post made it allocate (a fragmented
                // heap) would give the next posts less than their budget, so it
                // is replaced.
                if let hello = worker.hello, worker.addressSpace() > hello.idleBytes + budget.memory / 2 {
                    worker.finish()
                    process = nil
                }
                do {
                    return try WorkerFrame.decodeResult(payload)
                } catch {
                    worker.terminate()
                    process = nil
                    return .failure(ConversionError(path: path, reason: .crashed("unreadable reply: \(error.description)")))
                }
            case .timedOut:
                worker.terminate()
                process = nil
                return .failure(ConversionError(path: path, reason: .overBudget(budget.timeExceeded)))
            case let .died(status, stderr, killedByUs):
                process = nil
                return .failure(ConversionError(path: path, reason: Budget.reason(status: status, stderr: stderr,
                                                                                   killedByUs: killedByUs, budget: budget)))
            }
        }

        func stop() {
            process?.finish()
            process = nil
        }
    }
}
