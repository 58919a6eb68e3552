#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// glibc's pipe2, which the Glibc module hides without _GNU_SOURCE. Both
/// ends must be close-on-exec from birth: a worker spawned at the same time
/// by another slot must not inherit them, or this worker's death would not
/// show as the end of its output.
@_silgen_name("pipe2")
private func systemPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

/// One `quire worker` child process and the three pipes to it. Used by one
/// thread at a time (its `WorkerPool` slot's queue); every wait on it is
/// bounded by a deadline, and a child that overruns is killed with SIGKILL.
final class WorkerProcess: @unchecked Sendable {
    /// How an exchange with the worker ended.
    enum Outcome {
        /// A whole reply frame, its payload without the length.
        case reply([UInt8])
        /// The deadline passed first; the worker is still running.
        case timedOut
        /// The worker closed its output or sent something unreadable; it
        /// has been reaped. `status` as `waitpid` gives it.
        case died(status: Int32, stderr: String, killedByUs: Bool)
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private var input: Int32    // the worker's standard input, our write end
    private var output: Int32   // its standard output, our read end
    private var errors: Int32   // its standard error, our read end
    private var reaped = false
    private var killedByUs = false
    /// The end of the worker's standard error, for the reason it died.
    private(set) var stderrTail: [UInt8] = []
    private(set) var hello: WorkerFrame.Hello?

    /// Spawns `executable arguments…` with its standard streams on pipes,
    /// and returns without waiting for it: `awaitHello` reads its hello
    /// (which waits in the pipe meanwhile). A build that needs one worker
    /// spawns it from its scan of the source folder, on the scan's thread
    /// (see `WorkerPool.prepare`).
    init(executable: String, arguments: [String], environment: [String: String]) throws(StartFailure) {
        var fds: [Int32] = [-1, -1, -1, -1, -1, -1]
        for i in stride(from: 0, to: 6, by: 2) {
            let ok = fds.withUnsafeMutableBufferPointer { systemPipe2($0.baseAddress! + i, O_CLOEXEC) } == 0
            if !ok {
                for fd in fds where fd >= 0 { close(fd) }
                throw StartFailure(description: "pipe: \(String(cString: strerror(errno)))")
            }
        }
        let (childIn, parentIn) = (fds[0], fds[1])
        let (parentOut, childOut) = (fds[2], fds[3])
        let (parentErr, childErr) = (fds[4], fds[5])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies; every other descriptor of
        // ours is opened close-on-exec and stays out of the worker.
        posix_spawn_file_actions_adddup2(&actions, childIn, 0)
        posix_spawn_file_actions_adddup2(&actions, childOut, 1)
        posix_spawn_file_actions_adddup2(&actions, childErr, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The parent ignores SIGPIPE; the worker gets default dispositions
        // and an empty signal mask, whatever thread spawns it.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(childIn)
        close(childOut)
        close(childErr)
        guard status == 0 else {
            close(parentIn)
            close(parentOut)
            close(parentErr)
            throw StartFailure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        input = parentIn
        output = parentOut
        errors = parentErr
        for fd in [input, output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    /// Waits up to `timeout` seconds for the worker's hello, unless it has
    /// come already. On failure the worker has been stopped and reaped.
    func awaitHello(timeout: Double) throws(StartFailure) {
        guard hello == nil else { return }
        switch exchange(nil, seconds: timeout) {
        case let .reply(payload):
            do {
                hello = try WorkerFrame.decodeHello(payload)
            } catch {
                terminate()
                throw StartFailure(description: "the worker said something unexpected: \(error)")
            }
            guard hello?.version == WorkerFrame.version else {
                let version = hello?.version ?? 0
                hello = nil
                terminate()
                throw StartFailure(description: "the worker speaks protocol \(version), not \(WorkerFrame.version)")
            }
        case .timedOut:
            terminate()
            throw StartFailure(description: "the worker did not start within \(Budget.describe(seconds: timeout))")
        case let .died(status, stderr, _):
            throw StartFailure(description: "the worker stopped at start (\(WorkerProcess.describe(status: status)))\(stderr.isEmpty ? "" : ": \(WorkerProcess.lastLine(of: stderr))")")
        }
    }

    deinit {
        terminate()
    }

    /// Sends `frame` (if any) and waits for one reply frame, until `seconds`
    /// have passed. Standard error is drained meanwhile, so a chatty worker
    /// never blocks on a full pipe.
    func exchange(_ frame: [UInt8]?, seconds: Double) -> Outcome {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
        stderrTail.removeAll(keepingCapacity: true)
        let pending = frame ?? []
        var written = 0
        var header: [UInt8] = []
        var payload: [UInt8] = []
        var received = 0
        var expected = -1
        var stderrOpen = errors >= 0
        var stdinOpen = input >= 0

        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return .timedOut }
            let wait = Int32(min(UInt64(Int32.max), (deadline - now + 999_999) / 1_000_000))
            var polls: [pollfd] = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
            if stderrOpen { polls.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
            let writing = stdinOpen && written < pending.count
            if writing { polls.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&polls, nfds_t(polls.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                return reap(stderr: "poll: \(String(cString: strerror(errno)))")
            }
            for p in polls where p.revents != 0 {
                if p.fd == input {
                    let n = pending.withUnsafeBytes { write(input, $0.baseAddress! + written, $0.count - written) }
                    if n > 0 { written += n }
                    else if n < 0, errno != EAGAIN, errno != EINTR {
                        // EPIPE: the worker is gone; its output tells the rest.
                        stdinOpen = false
                    }
                } else if p.fd == errors {
                    var chunk = [UInt8](repeating: 0, count: 4096)
                    let n = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress!, 4096) }
                    if n > 0 {
                        stderrTail.append(contentsOf: chunk[0..<n])
                        if stderrTail.count > 8192 { stderrTail.removeFirst(stderrTail.count - 8192) }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        stderrOpen = false
                    }
                } else if p.fd == output {
                    if expected < 0 {
                        var chunk = [UInt8](repeating: 0, count: 4 - header.count)
                        let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress!, $0.count) }
                        if n == 0 { return reap(stderr: nil) }
                        if n < 0 {
                            if errno == EAGAIN || errno == EINTR { continue }
                            return reap(stderr: nil)
                        }
                        header.append(contentsOf: chunk[0..<n])
                        if header.count == 4 {
                            expected = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
                            guard expected > 0, expected <= WorkerFrame.maximumLength else {
                                kill(pid, SIGKILL)
                                killedByUs = true
                                return reap(stderr: "a reply of \(expected) bytes")
                            }
                            payload = [UInt8](repeating: 0, count: expected)
                        }
                    } else {
                        let n = payload.withUnsafeMutableBytes { read(output, $0.baseAddress! + received, expected - received) }
                        if n == 0 { return reap(stderr: nil) }
                        if n < 0 {
                            if errno == EAGAIN || errno == EINTR { continue }
                            return reap(stderr: nil)
                        }
                        received += n
                    }
                    if expected >= 0, received == expected { return .reply(payload) }
                }
            }
        }
    }

    /// The worker's address space now, from `/proc/PID/statm`; 0 if unknown.
    /// Read with plain `open` and `read` (it is asked after every job;
    /// `String(contentsOfFile:)` cost 20 ms over a full build).
    func addressSpace() -> Int {
        guard !reaped else { return 0 }
        let fd = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        guard count > 0 else { return 0 }
        var pages = 0
        var digits = 0
        for byte in buffer[..<count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            pages = pages * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0 else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Kills the worker and waits for it, once.
    func terminate() {
        guard !reaped else { return }
        kill(pid, SIGKILL)
        killedByUs = true
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        reaped = true
        closePipes()
    }

    /// Asks the worker to finish (end of its input) and reaps it, killing
    /// it if it is still there after `grace` seconds.
    func finish(grace: Double = 1) {
        guard !reaped else { return }
        if input >= 0 { close(input); input = -1 }
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(grace * 1e9)
        var status: Int32 = 0
        while DispatchTime.now().uptimeNanoseconds < end {
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true; closePipes(); return }
            usleep(2000)
        }
        terminate()
    }

    /// The worker closed its output: wait for it to end (briefly), then
    /// report how. `extra` is a reason of ours to add to its standard error.
    private func reap(stderr extra: String?) -> Outcome {
        drainStandardError()
        var status: Int32 = 0
        let end = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
        var done = false
        while !done, DispatchTime.now().uptimeNanoseconds < end {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { done = true } else if r < 0, errno != EINTR { done = true } else { usleep(1000) }
        }
        if !done {
            kill(pid, SIGKILL)
            killedByUs = true
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
        reaped = true
        closePipes()
        var text = String(decoding: stderrTail, as: UTF8.self)
        if let extra { text += (text.isEmpty ? "" : "\n") + extra }
        return .died(status: status, stderr: text, killedByUs: killedByUs)
    }

    private func drainStandardError() {
        guard errors >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Non-blocking: take what a dying worker managed to write.
        for _ in 0..<16 {
            let n = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress!, 4096) }
            guard n > 0 else { break }
            stderrTail.append(contentsOf: chunk[0..<n])
        }
        if stderrTail.count > 8192 { stderrTail.removeFirst(stderrTail.count - 8192) }
    }

    private func closePipes() {
        for fd in [input, output, errors] where fd >= 0 { close(fd) }
        input = -1
        output = -1
        errors = -1
    }

    /// `signal 11`, `exit status 3`.
    static func describe(status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exit status \((status >> 8) & 0xff)" }
        return "signal \(signal)"
    }

    static func lastLine(of text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let line = lines.last { !$0.isEmpty } ?? ""
        return String(line.prefix(200))
    }
}
