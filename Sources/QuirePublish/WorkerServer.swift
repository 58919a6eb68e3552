#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import QuireConvert

/// The worker's side of `WorkerFrame`: what `quire worker` runs. It limits
/// itself, says hello, then answers jobs on its standard output until its
/// standard input ends.
public enum WorkerServer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The post a worker converts before it says hello (`warmUp`): every
    /// format and most of the Markdown a post uses. Its front matter is
    /// plain `key: value` lines, which quire reads without Yams: Yams'
    /// resolver compiles a dozen regular expressions when first used
    /// (about 1.3 ms of a worker's start, which a one-post build waits
    /// for, for 0.15 MB of address space), so it is left to the first post
    /// that needs it, as most posts do not.
    public static let warmUpPost = """
        ---
        title: "Warm-up"
        date: "2024-01-02"
        tags: a
        ---
        # Heading *one*

        Text with a [link](https://example.org), `code`, ~~strike~~ and a footnote[^1].

        | a | b |
        |---|:-:|
        | 1 | 2 |

        - [x] done
        > quote

        [^1]: The note.
        """

    /// `memory`: bytes the worker may add to its idle address space.
    /// `warmUp` runs once before the idle size is measured (a small
    /// conversion, so that lazily loaded code and tables count as idle).
    public static func run(memory: Int, warmUp: () -> Void,
                           convert: (WorkerJob) -> Result<Conversion, ConversionError>) throws(Failure) {
        // The protocol gets private copies of the standard streams; fd 1
        // then points at standard error, so a library that prints cannot
        // corrupt a frame, and fd 0 reads nothing.
        let input = dup(0)
        let output = dup(1)
        guard input >= 0, output >= 0, dup2(2, 1) >= 0 else { throw Failure(description: "dup: \(errorText())") }
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 { dup2(null, 0); close(null) }

        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(resourceLimit(RLIMIT_CORE), &noCore)

        warmUp()
        let idle = addressSpace()
        let limit = idle + memory
        var asLimit = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
        guard setrlimit(resourceLimit(RLIMIT_AS), &asLimit) == 0 else {
            throw Failure(description: "cannot limit memory to \(limit) bytes: \(errorText())")
        }
        try send(WorkerFrame.encode(WorkerFrame.Hello(idleBytes: idle, limitBytes: limit)), to: output)

        while let payload = try receive(from: input) {
            let job: WorkerJob
            do {
                job = try WorkerFrame.decodeJob(payload)
            } catch {
                throw Failure(description: "bad job: \(error)")
            }
            limitProcessorTime(seconds: job.seconds)
            try send(WorkerFrame.encode(convert(job)), to: output)
        }
    }

    /// A backstop for a worker whose parent has died mid-job: the kernel
    /// stops it once it has spent the job's time on the processor.
    private static func limitProcessorTime(seconds: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let used = Int(usage.ru_utime.tv_sec) + Int(usage.ru_stime.tv_sec) + 1
        var limit = rlimit(rlim_cur: rlim_t(used + Int(seconds.rounded(.up)) + 1), rlim_max: rlim_t.max)
        setrlimit(resourceLimit(RLIMIT_CPU), &limit)
    }

    /// The size of our address space, from `/proc/self/statm`.
    static func addressSpace() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = Int(text.split(separator: " ").first ?? "") else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// One payload, or nil at a clean end of input.
    private static func receive(from fd: Int32) throws(Failure) -> [UInt8]? {
        var header = [UInt8](repeating: 0, count: 4)
        guard try readFully(fd, into: &header, allowEnd: true) else { return nil }
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        guard length > 0, length <= WorkerFrame.maximumLength else { throw Failure(description: "bad frame length \(length)") }
        var payload = [UInt8](repeating: 0, count: length)
        guard try readFully(fd, into: &payload, allowEnd: false) else { return nil }
        return payload
    }

    private static func readFully(_ fd: Int32, into buffer: inout [UInt8], allowEnd: Bool) throws(Failure) -> Bool {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n > 0 { done += n; continue }
            if n < 0, errno == EINTR { continue }
            if n == 0, done == 0, allowEnd { return false }
            throw Failure(description: n == 0 ? "input ended inside a frame" : "read: \(errorText())")
        }
        return true
    }

    private static func send(_ frame: [UInt8], to fd: Int32) throws(Failure) {
        var done = 0
        while done < frame.count {
            let n = frame.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n > 0 { done += n; continue }
            if n < 0, errno == EINTR { continue }
            throw Failure(description: "write: \(errorText())")
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    #if canImport(Glibc)
    private static func resourceLimit(_ r: __rlimit_resource) -> __rlimit_resource_t { __rlimit_resource_t(r.rawValue) }
    #else
    private static func resourceLimit(_ r: Int32) -> Int32 { r }
    #endif
}
