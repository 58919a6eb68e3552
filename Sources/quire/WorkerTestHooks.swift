#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Misbehaviour on demand, for the tests of the worker pool only. Honoured
/// only when `QUIRE_TESTING=1` is also set. Each variable names a post file
/// (its last path component); the worker misbehaves on that post alone:
///
/// - `QUIRE_WORKER_TEST_HANG`: sleeps forever (the time budget must stop it)
/// - `QUIRE_WORKER_TEST_CRASH`: raises SIGSEGV, as a C library reading out of bounds would
/// - `QUIRE_WORKER_TEST_MEMORY`: allocates and touches memory until it runs out
/// - `QUIRE_WORKER_TEST_LEAK`: keeps 40 MB for good, then converts the post
struct WorkerTestHooks {
    var hang: String?
    var crash: String?
    var memory: String?
    var leak: String?

    init(environment: [String: String]) {
        guard environment["QUIRE_TESTING"] == "1" else { return }
        hang = environment["QUIRE_WORKER_TEST_HANG"]
        crash = environment["QUIRE_WORKER_TEST_CRASH"]
        memory = environment["QUIRE_WORKER_TEST_MEMORY"]
        leak = environment["QUIRE_WORKER_TEST_LEAK"]
    }

    nonisolated(unsafe) private static var leaked: [[UInt8]] = []

    func apply(to path: String) {
        let name = (path as NSString).lastPathComponent
        if name == hang {
            while true { sleep(60) }
        }
        if name == crash {
            raise(SIGSEGV)
        }
        if name == leak {
            Self.leaked.append([UInt8](repeating: 1, count: 40 << 20))
        }
        if name == memory {
            var hoard: [[UInt8]] = []
            while true { hoard.append([UInt8](repeating: 1, count: 1 << 20)) }
        }
    }
}
