#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QuireConvert

/// How a budget reaches a worker, and how a worker's end reads as a reason.
extension Budget {
    /// Arguments for `quire worker`: it limits itself when it starts.
    var workerArguments: [String] { ["--memory", String(memory)] }

    /// A crashing worker should die at once, not spend seconds writing a
    /// backtrace; and one malloc arena keeps the address space of any
    /// helper thread inside the memory limit (glibc reserves 64 MB each).
    static let workerEnvironment = ["SWIFT_BACKTRACE": "enable=no", "MALLOC_ARENA_MAX": "1"]

    /// Lines allocators print when they give up: the Swift runtime, cmark,
    /// libxml2, C++ and glibc. A worker that ends after one of them ran
    /// into its address-space limit.
    static let outOfMemoryMarkers = ["Could not allocate memory", "failed to allocate", "returned null pointer", "out of memory",
                                     "Out of memory", "Cannot allocate memory", "bad_alloc", "memory exhausted"]

    /// Why a worker ended before it answered.
    static func reason(status: Int32, stderr: String, killedByUs: Bool, budget: Budget) -> ConversionError.Reason {
        if outOfMemoryMarkers.contains(where: stderr.contains) { return .overBudget(budget.memoryExceeded) }
        let signal = status & 0x7f
        // The worker's own CPU-time backstop fired before our deadline.
        if signal == SIGXCPU { return .overBudget(budget.timeExceeded) }
        var why = WorkerProcess.describe(status: status)
        if signal == SIGKILL, !killedByUs { why += ", killed by another process (the kernel's out-of-memory killer?)" }
        let lines = stderr.split(whereSeparator: \.isNewline)
        if let fatal = lines.first(where: { $0.contains("Fatal error") || $0.contains("error:") }) {
            why += ": " + fatal.trimmingCharacters(in: .whitespaces).prefix(200)
        }
        return .crashed(why)
    }
}
