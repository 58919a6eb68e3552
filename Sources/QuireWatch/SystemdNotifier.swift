#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The sd_notify protocol, spoken directly: one datagram of `KEY=value`
/// lines to the `AF_UNIX` socket named by `$NOTIFY_SOCKET` (a path, or an
/// abstract name written with a leading `@`). With no `$NOTIFY_SOCKET`
/// (not started by systemd with `Type=notify`) every call does nothing.
public final class SystemdNotifier: Sendable {
    /// The socket address; nil when not under systemd.
    public let socketPath: String?
    /// Half of `$WATCHDOG_USEC` when the watchdog is on for this process.
    public let watchdogInterval: Duration?
    private let fd: Int32
    /// After STOPPING=1 nothing else is sent: a status from a run that was
    /// finishing must not look like the service came back.
    private let stopped = Atomic<Bool>(false)

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        fd = path == nil ? -1 : socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        // WATCHDOG_PID, when set, names the process the watchdog is meant for:
        // a child that inherited the environment must not ping.
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    public var isEnabled: Bool { socketPath != nil && fd >= 0 }

    /// `READY=1`, with a status line.
    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=" + $0] } ?? []))
    }

    /// `STATUS=...`: what the service is doing, shown by `systemctl status`.
    public func status(_ text: String) { send(["STATUS=" + text]) }

    public func watchdog() { send(["WATCHDOG=1"]) }

    /// `RELOADING=1` with `MONOTONIC_USEC`, which systemd uses to tell this
    /// reload from an older one; `ready()` ends it.
    public func reloading() {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Monotonic.microseconds())"])
    }

    public func stopping(status: String? = nil) {
        send(["STOPPING=1"] + (status.map { ["STATUS=" + $0] } ?? []))
        stopped.store(true, ordering: .sequentiallyConsistent)
    }

    /// Sends one datagram. Failures are ignored on purpose: systemd may be
    /// restarting, and a service must not die because it could not say hello.
    /// Newlines inside a value would start a new assignment, so they are flattened.
    @discardableResult
    public func send(_ assignments: [String]) -> Bool {
        guard let path = socketPath, fd >= 0, !stopped.load(ordering: .sequentiallyConsistent) else { return false }
        let message = assignments.map { $0.replacingNewlines() }.joined(separator: "\n")
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(path.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }   // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            if pathBytes.count < capacity { raw[pathBytes.count] = 0 }
        }
        // An abstract name has no terminating NUL: its length is exact.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count
            + (pathBytes.first == 0 ? 0 : 1))
        let sent = message.utf8CString.withUnsafeBufferPointer { text in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, text.baseAddress, text.count - 1, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
        return sent >= 0
    }
}

private extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
