import ArgumentParser
import Foundation
import QuirePublish

/// How the commands that convert run conversions: in worker processes under
/// a per-post budget (the default), or in this process for debugging.
struct WorkerFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds one post may take to convert.", valueName: "seconds"))
    var timeLimit = Budget.default.seconds

    @Option(help: ArgumentHelp("Megabytes of memory one post may use while it converts.", valueName: "MB"))
    var memoryLimit = Budget.default.memory >> 20

    @Option(help: ArgumentHelp("Worker processes, converting a post each at once. Default: the number of processors.", valueName: "n"))
    var jobs: Int?

    @Flag(help: "Convert in this process, one post at a time, without workers or limits (for debugging).")
    var inProcess = false

    func validate() throws {
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be more than 0.") }
        guard memoryLimit >= 16 else { throw ValidationError("--memory-limit must be at least 16 (MB).") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    var budget: Budget { Budget(seconds: timeLimit, memory: memoryLimit << 20) }

    var parallelism: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }
}
