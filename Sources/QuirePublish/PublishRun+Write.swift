import Foundation
import QuireConvert
#if canImport(Glibc)
import Glibc
#endif

extension PublishRun {
    /// Stages one plan's files as each post arrives from the converter:
    /// temporary files, invisible at their destinations, while the other
    /// posts are still converting. Nothing is renamed into place before
    /// `recordIntent`, and no folder is made before it either: a file whose
    /// folder does not exist yet waits in the deepest folder that does (on
    /// the same file system, so the rename can move it). A file already
    /// holding the same bytes is not staged, so an unchanged output keeps
    /// its modification time. The bytes are let go once staged.
    mutating func stage(planAt index: Int) {
        guard let batch, !plans[index].failed, !plans[index].files.isEmpty else { return }
        beginWriting()
        let target = plans[index].target
        do {
            if readyRoots.insert(target.path).inserted {
                _ = try AtomicFile.deepestExistingFolder("", in: target.path)
            }
            for number in plans[index].files.indices {
                let file = plans[index].files[number]
                plans[index].files[number].content = .staged
                if let staged = try stage(file, in: target, batch: batch) { plans[index].staged.append(staged) }
            }
        } catch {
            batch.discard(plans[index].staged)
            plans[index].staged = []
            plans[index].stageFailure = error
            for number in plans[index].files.indices { plans[index].files[number].content = .staged }
        }
    }

    /// Stages one file, or returns nil when the file there already holds
    /// these bytes.
    private func stage(_ file: PlannedFile, in target: Target, batch: AtomicBatch) throws(FileSystemError) -> AtomicBatch.Staged? {
        let full = target.path + "/" + file.path
        let folder = try AtomicFile.deepestExistingFolder(Paths.parent(file.path), in: target.path, rootChecked: true)
        let bytes: [UInt8]
        switch file.content {
        case let .bytes(given): bytes = given
        case let .copy(source): bytes = try AtomicFile.read(source)
        case .staged: return nil
        }
        if AtomicFile.holds(bytes, at: full) { return nil }
        return try batch.stage(bytes, to: full, stagingIn: folder)
    }

    /// Once the last post is staged: the flush starts on its own thread
    /// (see `BackgroundFlush`) while the collision checks, the intent and
    /// the folders go ahead.
    mutating func startFlush() {
        guard let batch, plans.contains(where: { !$0.staged.isEmpty }) else { return }
        flushing = BackgroundFlush(batch)
    }

    /// Discards what was staged for posts that will not be published (a
    /// lost collision, a refused intent, a failed stage).
    mutating func discardRefused() {
        guard let batch else { return }
        // The batch is the flush's until it is over.
        try? flushing?.wait()
        for index in plans.indices where plans[index].failed && !plans[index].staged.isEmpty {
            batch.discard(plans[index].staged)
            plans[index].staged = []
        }
    }

    /// Lands the staged files, post by post in source order, each post's
    /// images before its page; each target in a lane of its own (see
    /// `CommitLane`), side by side in a large batch. A target that fails
    /// does not stop the others.
    ///
    /// Durability is batched (see `AtomicBatch`): every new file was staged
    /// as a temporary file while the posts converted; all of them are
    /// flushed at once, then renamed into place in order (their missing
    /// folders made while the flush runs, once `recordIntent` has named
    /// them). A reader still never sees a partial file; a build of a
    /// thousand posts costs one flush, not three thousand.
    mutating func write() {
        guard let batch else { return }
        var failedPosts: Set<String> = []
        for index in plans.indices where !plans[index].failed {
            guard let failure = plans[index].stageFailure else { continue }
            fail(post: plans[index].display, "\(plans[index].display): \(failure)")
            plans[index].failed = true
            writeFailed.insert(plans[index].target.key)
        }
        let lanes = commitLanes()
        if !lanes.isEmpty {
            // Started by `startFlush` when anything was staged.
            let flush = flushing ?? BackgroundFlush(batch)
            flushing = flush
            CommitLane.land(lanes, batch: batch, flush: flush)
            for lane in lanes { folderSyncs.take(lane.folderSyncs) }
        }
        discardRefused()
        for failure in lanes.flatMap(\.failures).sorted(by: { $0.plan < $1.plan }) {
            batch.discard(failure.left)
            plans[failure.plan].staged = []
            fail(post: plans[failure.plan].display, "\(plans[failure.plan].display): \(failure.error)")
            plans[failure.plan].failed = true
            writeFailed.insert(plans[failure.plan].target.key)
        }
        if let error = lanes.lazy.compactMap(\.flushFailure).first {
            // Nothing landed: the last good outputs stay, the next run retries.
            for index in plans.indices where !plans[index].failed && !plans[index].staged.isEmpty {
                batch.discard(plans[index].staged)
                plans[index].staged = []
                fail(post: plans[index].display, "\(plans[index].display): \(error)")
                plans[index].failed = true
                writeFailed.insert(plans[index].target.key)
            }
        }

        var touched: [(relative: String, display: String)] = []
        var seen: Set<String> = []
        for index in plans.indices {
            let plan = plans[index]
            if plan.failed {
                failedPosts.insert(plan.relative)
                continue
            }
            if seen.insert(plan.relative).inserted { touched.append((plan.relative, plan.display)) }
            plans[index].staged = []
            guard manifest.posts[plan.relative] != nil else { continue }
            let key = plan.target.key
            let files = plan.files.map { Manifest.File(path: $0.path, hash: $0.hash, image: $0.image) }
            let output = Manifest.Output(config: fingerprints[key] ?? config.fingerprint(for: plan.target),
                                         inputs: plan.inputs, assets: plan.assets, files: files)
            // In place: a record taken out and put back copies its targets.
            guard let old = manifest.posts[plan.relative]?.targets.updateValue(output, forKey: key),
                  !old.files.isEmpty else { continue }
            let stale = Set(old.files.map(\.path)).subtracting(files.map(\.path))
            manifest.targets[key, default: Manifest.TargetState()].pending.append(contentsOf: stale.sorted())
        }
        for post in touched where !failedPosts.contains(post.relative) {
            if manifest.posts[post.relative]?.draft == true { continue }
            summary.built.append(post.display)
            events?(.published(post: post.display))
        }
    }

    /// The staged posts of each target, in source order: a lane a target.
    private func commitLanes() -> [CommitLane] {
        let lanes = config.targets.map(CommitLane.init)
        for index in plans.indices where !plans[index].failed && !plans[index].staged.isEmpty {
            guard let lane = lanes.first(where: { $0.target == plans[index].target }) else { continue }
            lane.posts.append(CommitLane.Post(plan: index, staged: plans[index].staged))
        }
        return lanes.filter { !$0.posts.isEmpty }
    }

    /// Deletes the files quire owns that no post claims any more (outputs
    /// of deleted posts and drafts, old paths of moved posts, leftovers of
    /// a crash), then the folders quire created that are now empty. Runs
    /// after every write, so a reader sees the new page before the old one
    /// goes. A file quire never wrote is never on this list.
    mutating func takeDown() {
        for target in config.targets {
            guard var state = manifest.targets[target.key], !state.pending.isEmpty || !state.folders.isEmpty else { continue }
            var claimed: Set<String> = []
            if !state.pending.isEmpty {
                for record in manifest.posts.values {
                    for file in record.targets[target.key]?.files ?? [] { claimed.insert(file.path) }
                }
            }
            var keep: [String] = []
            var firstError: FileSystemError?
            // Folders that may have emptied: those a deletion touched.
            var emptied: Set<String> = []
            for path in Set(state.pending).sorted() where !claimed.contains(path) {
                guard AtomicFile.staysInside(path, root: target.path) else {
                    warn("\(Paths.display(target.path)): the manifest lists \"\(path)\", which is not a plain path inside the target; not deleted")
                    continue
                }
                do {
                    try AtomicFile.remove(target.path + "/" + path, folderSyncs: folderSyncs)
                    var folder = Paths.parent(path)
                    while !folder.isEmpty, emptied.insert(folder).inserted { folder = Paths.parent(folder) }
                } catch {
                    keep.append(path)
                    if firstError == nil { firstError = error }
                }
            }
            if let firstError {
                let more = keep.count > 1 ? " (and \(keep.count - 1) more old files)" : ""
                fail(post: nil, "\(firstError)\(more); retried on the next run")
            }
            state.pending = keep
            // Deepest first, so a parent can go once its children have. Only
            // the folders a deletion touched can have emptied, unless a run
            // died (or a rename failed) between making a folder and filling
            // it: then every one is tried. A thousand pages in their own
            // folders cost a thousand failed `rmdir`s otherwise, every run.
            let everyFolder = tidyEveryFolder || writeFailed.contains(target.key)
            guard everyFolder || state.folders.contains(where: emptied.contains) else {
                manifest.targets[target.key] = state
                continue
            }
            var folders: [String] = []
            for folder in state.folders.sorted(by: { $0.count > $1.count }) {
                guard everyFolder || emptied.contains(folder) else {
                    folders.append(folder)
                    continue
                }
                guard AtomicFile.staysInside(folder, root: target.path) else { continue }
                let full = target.path + "/" + folder
                var info = stat()
                if lstat(full, &info) != 0 { continue }
                if AtomicFile.removeFolderIfEmpty(full, folderSyncs: folderSyncs) { continue }
                folders.append(folder)
            }
            state.folders = folders.sorted()
            manifest.targets[target.key] = state
        }
    }

    /// The manifest lands last. If it cannot, the outputs stand and the
    /// next run, finding older hashes, rebuilds and converges.
    ///
    /// The folders the renames touched are flushed on a thread of their
    /// own while the manifest is encoded, written and flushed beside them
    /// (a few milliseconds each, one after the other until now); the
    /// manifest is renamed into place only once they are on disk, so it
    /// never describes a rename a power cut could still undo.
    mutating func saveManifest() {
        let folders = folderSyncs.folders.isEmpty ? nil : BackgroundFlush(folderSyncs)
        pruneKnownFiles()
        var failure: FileSystemError?
        if manifest != loaded {
            beginWriting()
            var foldersFailed = false
            do throws(FileSystemError) {
                // A folder that could not be flushed keeps the old manifest:
                // the next run, finding older hashes, rebuilds.
                try manifest.save(to: config.state, beforeRename: { () throws(FileSystemError) in
                    do throws(FileSystemError) { try folders?.wait() } catch { foldersFailed = true; throw error }
                })
                onDisk = manifest
            } catch {
                onDisk = nil
                // The folders' failure is said once, below.
                if !foldersFailed { failure = error }
            }
        }
        // The folders' failure is said first, then the manifest's.
        do { try folders?.wait() } catch { fail(post: nil, "\(error)") }
        if let failure {
            fail(post: nil, "state folder: \(failure); the next run rebuilds what this one published")
        } else {
            finishWriting()
        }
    }
}
