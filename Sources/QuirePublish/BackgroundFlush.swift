import Foundation

/// An `AtomicBatch.flush()` on a thread of its own, so that the flush (a
/// `syncfs` that waits for tens of megabytes to reach the disk in a full
/// build) overlaps the work that must follow the last conversion but need
/// not wait for the disk: collision checks, recording intent, making
/// folders. The renames wait for it (`wait()`), on as many threads as
/// there are `CommitLane`s.
///
/// The batch (or the folders) is the thread's alone until `wait()`
/// returns: the caller must not stage, commit, discard or add meanwhile.
final class BackgroundFlush: @unchecked Sendable {
    /// Entered until the flush is over: a group, not a semaphore, so that
    /// every wait, on any thread, returns once it is.
    private let finished = DispatchGroup()
    /// Written before `finished` is left, read only after.
    private var failure: FileSystemError?

    convenience init(_ batch: AtomicBatch) {
        nonisolated(unsafe) let batch = batch
        self.init(named: "quire-flush") { () throws(FileSystemError) in try batch.flush() }
    }

    /// Any other flush: the folders a run's renames touched, flushed while
    /// the manifest that describes them is written (see `saveManifest`).
    convenience init(_ folders: FolderSyncs) {
        nonisolated(unsafe) let folders = folders
        self.init(named: "quire-folders") { () throws(FileSystemError) in try folders.flush() }
    }

    private init(named name: String, _ work: @escaping @Sendable () throws(FileSystemError) -> Void) {
        // A dedicated thread, not the shared pool: a flush blocks for as
        // long as the disk takes, and the pool's few threads run the
        // publisher and the worker supervision.
        finished.enter()
        let thread = Thread { [self] in
            do throws(FileSystemError) {
                try work()
            } catch {
                failure = error
            }
            finished.leave()
        }
        thread.name = name
        thread.start()
    }

    /// Returns once the flush is over; throws what it threw.
    func wait() throws(FileSystemError) {
        finished.wait()
        if let failure { throw failure }
    }
}
