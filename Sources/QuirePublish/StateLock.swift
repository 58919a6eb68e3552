import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One publisher at a time per state folder: `quire build` run while the
/// daemon publishes waits for it. The kernel drops the lock when the
/// process dies, so a killed quire never leaves it stuck.
final class StateLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    static func acquire(in folder: String, waiting: () -> Void) async throws(FileSystemError) -> StateLock {
        try AtomicFile.createFolders("", in: folder)
        let path = folder + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw FileSystemError(path: path, operation: "open the lock", code: errno) }
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(fd)
                throw FileSystemError(path: path, operation: "lock", code: code)
            }
            if !told { waiting(); told = true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return StateLock(fd: fd)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
