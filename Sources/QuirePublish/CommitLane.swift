import Foundation

/// One target's share of landing a run's batch: the folders its posts'
/// new files need are made, then, once the batch is on disk, the files are
/// renamed into place post by post in source order (each post's images
/// before its page).
///
/// A large batch lands one lane per target, side by side. When the last
/// conversion ends the cores fall idle, and what is left is a thousand
/// `mkdir`s and cross-folder renames for the pages and a thousand renames
/// each for the books and the text: kernel work in different folders, so
/// the targets need not wait for one another.
final class CommitLane: @unchecked Sendable {
    /// A post's files for this target, as staged.
    struct Post {
        /// Its index in `PublishRun.plans`.
        var plan: Int
        var staged: [AtomicBatch.Staged]
    }

    /// A post that did not land: why, and its files not renamed, to be
    /// discarded.
    struct Failure {
        var plan: Int
        var error: FileSystemError
        var left: [AtomicBatch.Staged]
    }

    let target: Target
    var posts: [Post] = []
    /// The folders this lane's `mkdir`s and renames changed: its own, as
    /// the lanes run at once; the run takes them over afterwards.
    let folderSyncs = FolderSyncs()
    private(set) var failures: [Failure] = []
    /// The batch did not reach the disk: nothing of this lane was renamed.
    private(set) var flushFailure: FileSystemError?

    init(target: Target) {
        self.target = target
    }

    /// Lands every lane's posts: side by side when `sideBySide`, else one
    /// lane after another on this thread, in the order configured.
    static func land(_ lanes: [CommitLane], batch: AtomicBatch, flush: BackgroundFlush) {
        guard sideBySide(lanes) else {
            for lane in lanes { lane.land(batch, flush: flush) }
            return
        }
        // `commit` touches nothing of the batch but the files it renames.
        nonisolated(unsafe) let batch = batch
        DispatchQueue.concurrentPerform(iterations: lanes.count) { lanes[$0].land(batch, flush: flush) }
    }

    /// Threads pay only for a large batch (a post or two lands in less
    /// time than they take to start), and only where no target folder lies
    /// in another's: two formats may share a folder, and there the order
    /// configured decides which file a clash leaves.
    static func sideBySide(_ lanes: [CommitLane]) -> Bool {
        let files = lanes.reduce(0) { $0 + $1.posts.reduce(0) { $0 + $1.staged.count } }
        guard lanes.count > 1, files >= AtomicBatch.syncfsThreshold else { return false }
        let paths = lanes.map(\.target.path)
        return !paths.indices.contains { a in
            paths.indices.contains { b in a != b && Paths.isInside(paths[a], paths[b]) }
        }
    }

    /// The folders first (they need not wait for the disk), then the
    /// renames, once the flush is over. A post whose folder cannot be made,
    /// or one of whose files cannot be renamed, stops there; the others go
    /// on.
    private func land(_ batch: AtomicBatch, flush: BackgroundFlush) {
        var ready: [Post] = []
        for post in posts {
            do {
                for file in post.staged { try makeFolders(for: file) }
                ready.append(post)
            } catch {
                failures.append(Failure(plan: post.plan, error: error, left: post.staged))
            }
        }
        do {
            try flush.wait()
        } catch {
            flushFailure = error
            return
        }
        for post in ready {
            for (number, file) in post.staged.enumerated() {
                do {
                    try batch.commit(file, folderSyncs: folderSyncs)
                } catch {
                    failures.append(Failure(plan: post.plan, error: error, left: Array(post.staged[number...])))
                    break
                }
            }
        }
    }

    /// A file staged above its destination (its folder did not exist yet)
    /// gets its folders, which `recordIntent` has named by now.
    private func makeFolders(for file: AtomicBatch.Staged) throws(FileSystemError) {
        let folder = AtomicBatch.split(file.destination).folder
        guard AtomicBatch.split(file.temporary).folder != folder else { return }
        let relative = folder == target.path ? "" : String(folder.dropFirst(target.path.count + 1))
        // The root was made or checked when the file was staged.
        try AtomicFile.createFolders(relative, in: target.path, rootChecked: true, folderSyncs: folderSyncs)
    }
}
