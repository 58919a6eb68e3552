import Foundation
import QuireConvert
#if canImport(Glibc)
import Glibc
#endif

extension PublishRun {
    /// Lands the planned files, post by post in source order, each post's
    /// images before its page. A file already holding the same bytes is
    /// left alone, so an unchanged output keeps its modification time. A
    /// target that fails does not stop the others.
    ///
    /// Durability is batched (see `AtomicBatch`): every new file is staged
    /// as a temporary file, all of them are flushed at once, then renamed
    /// into place in order. A reader still never sees a partial file; a
    /// build of a thousand posts costs one flush, not three thousand.
    mutating func write() {
        var failedPosts: Set<String> = []
        if plans.contains(where: { !$0.failed }) { beginWriting() }
        let batch = AtomicBatch(expected: plans.reduce(0) { $0 + ($1.failed ? 0 : $1.files.count) })
        var staged = [[AtomicBatch.Staged]](repeating: [], count: plans.count)
        for index in plans.indices where !plans[index].failed {
            do {
                for file in plans[index].files {
                    if let file = try stage(file, in: plans[index].target, batch: batch) { staged[index].append(file) }
                }
            } catch {
                batch.discard(staged[index])
                staged[index] = []
                fail(post: plans[index].display, "\(plans[index].display): \(error)")
                plans[index].failed = true
            }
        }
        do {
            try batch.flush()
        } catch {
            // Nothing lands: the last good outputs stay, the next run retries.
            for index in plans.indices where !plans[index].failed && !staged[index].isEmpty {
                batch.discard(staged[index])
                staged[index] = []
                fail(post: plans[index].display, "\(plans[index].display): \(error)")
                plans[index].failed = true
            }
        }

        var touched: [String] = []
        var seen: Set<String> = []
        for index in plans.indices {
            let plan = plans[index]
            if plan.failed {
                failedPosts.insert(plan.relative)
                continue
            }
            if seen.insert(plan.relative).inserted { touched.append(plan.relative) }
            do {
                for (number, file) in staged[index].enumerated() {
                    do {
                        try batch.commit(file, folderSyncs: folderSyncs)
                    } catch {
                        batch.discard(Array(staged[index][(number + 1)...]))
                        throw error
                    }
                }
            } catch {
                fail(post: plan.display, "\(plan.display): \(error)")
                plans[index].failed = true
                failedPosts.insert(plan.relative)
                continue
            }
            guard var record = manifest.posts[plan.relative] else { continue }
            let old = Set(record.targets[plan.target.key]?.files.map(\.path) ?? [])
            let files = plan.files.map { Manifest.File(path: $0.path, hash: $0.hash, image: $0.image) }
            record.targets[plan.target.key] = Manifest.Output(
                config: fingerprints[plan.target.key] ?? config.fingerprint(for: plan.target), inputs: plan.inputs, assets: plan.assets, files: files)
            manifest.posts[plan.relative] = record
            let stale = old.subtracting(files.map(\.path))
            manifest.targets[plan.target.key, default: Manifest.TargetState()].pending.append(contentsOf: stale.sorted())
        }
        for relative in touched where !failedPosts.contains(relative) {
            if manifest.posts[relative]?.draft == true { continue }
            summary.built.append(display(relative))
            events?(.published(post: display(relative)))
        }
    }

    /// Stages one file, or returns nil when the file there already holds
    /// these bytes.
    private func stage(_ file: PlannedFile, in target: Target, batch: AtomicBatch) throws(FileSystemError) -> AtomicBatch.Staged? {
        let full = target.path + "/" + file.path
        try AtomicFile.createFolders(Paths.parent(file.path), in: target.path, folderSyncs: folderSyncs)
        let bytes: [UInt8]
        switch file.content {
        case let .bytes(given): bytes = given
        case let .copy(source): bytes = try AtomicFile.read(source)
        }
        if AtomicFile.holds(bytes, at: full) { return nil }
        return try batch.stage(bytes, to: full)
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
            for record in manifest.posts.values {
                for file in record.targets[target.key]?.files ?? [] { claimed.insert(file.path) }
            }
            var keep: [String] = []
            var firstError: FileSystemError?
            for path in Set(state.pending).sorted() where !claimed.contains(path) {
                guard AtomicFile.staysInside(path, root: target.path) else {
                    warn("\(Paths.display(target.path)): the manifest lists \"\(path)\", which is not a plain path inside the target; not deleted")
                    continue
                }
                do {
                    try AtomicFile.remove(target.path + "/" + path, folderSyncs: folderSyncs)
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
            // Deepest first, so a parent can go once its children have.
            var folders: [String] = []
            for folder in state.folders.sorted(by: { $0.count > $1.count }) where AtomicFile.staysInside(folder, root: target.path) {
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
    mutating func saveManifest() {
        do {
            try folderSyncs.flush()
        } catch {
            fail(post: nil, "\(error)")
        }
        pruneKnownFiles()
        if manifest == loaded {
            finishWriting()
            return
        }
        beginWriting()
        do {
            try manifest.save(to: config.state)
            onDisk = manifest
            finishWriting()
        } catch {
            onDisk = nil
            fail(post: nil, "state folder: \(error); the next run rebuilds what this one published")
        }
    }
}
