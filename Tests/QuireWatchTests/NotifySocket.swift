#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A datagram socket standing in for systemd's notification socket: bound to
/// a path, or to an abstract name (given as `@name`), it collects what the
/// service sends.
final class NotifySocket: @unchecked Sendable {
    let address: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [String] = []
    private var thread: Thread?
    private var closed = false

    init(abstract: Bool = false) throws {
        let name = abstract ? "@quire-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            : NSTemporaryDirectory() + "quire-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        address = name
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno)!) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard result == 0 else { throw POSIXError(.init(rawValue: errno)!) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while let self, !self.isClosed {
                let count = recv(self.fd, &buffer, buffer.count, 0)
                if count > 0 {
                    let text = String(decoding: buffer[0..<count], as: UTF8.self)
                    self.lock.withLock { self.received.append(text) }
                }
            }
        }
        self.thread = thread
        thread.start()
    }

    private var isClosed: Bool { lock.withLock { closed } }

    /// Every datagram so far, in order.
    var messages: [String] { lock.withLock { received } }

    /// Waits until `predicate` holds for the messages or `timeout` passes.
    func waitFor(timeout: Duration = .seconds(30), _ predicate: ([String]) -> Bool) async -> [String] {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let now = messages
            if predicate(now) { return now }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return messages
    }

    func close() {
        lock.withLock { closed = true }
        Thread.sleep(forTimeInterval: 0.15)
        Glibc.close(fd)
        if !address.hasPrefix("@") { unlink(address) }
    }
}
