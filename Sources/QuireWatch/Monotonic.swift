#if canImport(Glibc)
import Glibc
#endif

/// `CLOCK_MONOTONIC`, the clock systemd's `MONOTONIC_USEC` and inotify
/// move pairing are measured on.
enum Monotonic {
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    static func microseconds() -> UInt64 { nanoseconds() / 1_000 }
}
