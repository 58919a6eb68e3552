import Foundation

/// An `AtomicBatch.flush()` on a thread of its own, so that the flush (a
/// `syncfs` that waits for tens of megabytes to reach the disk in a full
/// build) overlaps the work that must follow the last conversion but need
/// not wait for the disk: collision checks, recording intent, making
/// folders. The renames wait for it (`wait()`).
///
/// The batch is the thread's alone until `wait()` returns: the caller must
/// not stage, commit or discard meanwhile.
final class BackgroundFlush: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var failure: FileSystemError?
    private var waited = false

    init(_ batch: AtomicBatch) {
        // A dedicated thread, not the shared pool: a flush blocks for as
        // long as the disk takes, and the pool's few threads run the
        // publisher and the worker supervision.
        nonisolated(unsafe) let batch = batch
        let thread = Thread { [self] in
            do throws(FileSystemError) {
                try batch.flush()
            } catch {
                failure = error
            }
            finished.signal()
        }
        thread.name = "quire-flush"
        thread.start()
    }

    /// Returns once the flush is over; throws what it threw.
    func wait() throws(FileSystemError) {
        if !waited {
            finished.wait()
            waited = true
        }
        if let failure { throw failure }
    }
}
