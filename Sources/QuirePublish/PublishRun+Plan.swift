import Foundation
import QuireConvert
#if canImport(Glibc)
import Glibc
#endif

extension PublishRun {
    /// Before the first conversion arrives: what is gone gives up its
    /// files, and a batch is opened for about `expected` files.
    mutating func beginPlanning(expected: Int) {
        unpublishRemoved()
        batch = AtomicBatch(expected: expected)
    }

    /// Turns one conversion into the files it puts in each target, and
    /// stages them at once, so its bytes need not wait in memory for the
    /// others. Called in job order (source order), so messages, plans and
    /// publishing stay deterministic. A post that failed to convert keeps
    /// its last good outputs.
    mutating func plan(job: Job, result: Result<Conversion, ConversionError>) {
        let first = plans.count
        let conversion: Conversion
        switch result {
        case let .failure(error):
            var error = error
            if error.path == job.absolute { error.path = job.display }
            fail(post: job.display, error.description)
            // Remembered only when the same bytes would fail the same way;
            // a stopped or crashed worker is tried again on the next event.
            knownFailures[job.relative] = error.reason.isDecidedByContent
                ? KnownFailure(inputs: failureInputs(source: job.sourceHash, targets: job.targets), line: error.description)
                : nil
            return
        case let .success(done):
            conversion = done
            knownFailures[job.relative] = nil
        }
        for warning in conversion.warnings {
            // The converter names the post by the absolute path it was given.
            warn(warning.hasPrefix(job.absolute) ? job.display + warning.dropFirst(job.absolute.count) : warning)
        }

        var assets: [String: String] = [:]
        for image in conversion.images {
            assets[image.file] = hashFile(image.file) ?? "missing"
        }
        let draft = conversion.post.draft && !config.drafts
        var record = manifest.posts[job.relative]
            ?? Manifest.Post(source: job.sourceHash, templates: templatesHash, assets: [:], targets: [:], draft: draft)
        let hadOutputs = record.targets.values.contains { !$0.files.isEmpty }
        record.source = job.sourceHash
        record.stamp = job.stamp
        record.templates = templatesHash
        // Targets not rebuilt keep the assets their outputs used.
        var used = assets
        for (key, output) in record.targets where !job.targets.contains(where: { $0.key == key }) {
            for asset in output.assets where used[asset] == nil {
                used[asset] = record.assets[asset] ?? hashFile(asset) ?? "missing"
            }
        }
        record.assets = used
        record.draft = draft
        manifest.posts[job.relative] = record
        if draft, hadOutputs {
            summary.removed.append(job.display)
            events?(.removed(post: job.display))
        }

        for target in job.targets {
            let inputs = inputs(source: job.sourceHash, target: target, assets: Array(assets.keys))
            var plan = Plan(relative: job.relative, display: job.display, target: target, files: [],
                            inputs: inputs, assets: assets.keys.sorted())
            if !draft, let bytes = conversion.outputs[target.format] {
                guard let files = files(for: conversion, bytes: bytes, in: target, display: job.display) else {
                    plan.failed = true
                    plans.append(plan)
                    continue
                }
                plan.files = files
            }
            plans.append(plan)
        }
        for index in first..<plans.count { stage(planAt: index) }
    }

    /// A post that is gone gives up its files: they become pending, to be
    /// deleted once nothing claims them (a renamed post may claim them).
    private mutating func unpublishRemoved() {
        for relative in removals {
            guard let record = manifest.posts.removeValue(forKey: relative) else { continue }
            // Every target the post reached, configured now or not: a target
            // dropped from the configuration and added back still knows its files.
            for (key, output) in record.targets {
                manifest.targets[key, default: Manifest.TargetState()].pending.append(contentsOf: output.files.map(\.path))
            }
            summary.removed.append(display(relative))
            events?(.removed(post: display(relative)))
        }
    }

    /// The main file and, for pages, the images beside it.
    private mutating func files(for conversion: Conversion, bytes: [UInt8], in target: Target, display: String) -> [PlannedFile]? {
        let placed = target.mainFile(slug: conversion.post.slug, permalink: conversion.post.permalink)
        guard let main = placed.path else {
            fail(post: display, "\(display): \(placed.note ?? "cannot be placed")")
            return nil
        }
        if let note = placed.note { warn("\(display): \(note)") }
        var files: [PlannedFile] = []
        if target.format == .html {
            var seen: Set<String> = []
            for image in conversion.images.sorted(by: { $0.publishedPath < $1.publishedPath }) {
                guard let path = target.imageFile(image.publishedPath, besidePage: main) else {
                    warn("\(display): image \(image.reference) would be published outside the target; not copied")
                    continue
                }
                guard seen.insert(path).inserted else { continue }
                guard let hash = hashFile(image.file) else {
                    warn("\(display): image \(image.reference): cannot read \(Paths.display(image.file)); not copied")
                    continue
                }
                files.append(PlannedFile(path: path, hash: hash, image: true, content: .copy(of: image.file)))
            }
        }
        files.append(PlannedFile(path: main, hash: ContentHash.hex(of: bytes), image: false, content: .bytes(bytes)))
        return files
    }

    /// What the manifest's posts claim, for the checks below: gathered
    /// while the conversions are awaited (see `PathClaims`), else when
    /// first needed.
    @discardableResult
    mutating func gatherClaims() -> PathClaims {
        if let pathClaims { return pathClaims }
        let claims = PathClaims(manifest: manifest)
        pathClaims = claims
        return claims
    }

    /// Two posts that would land on the same path: both are refused there,
    /// and whatever is already published stays. An image two posts share
    /// (same bytes) is no collision. A file quire did not write is never
    /// overwritten while the manifest is trustworthy. Costs a lookup per
    /// planned path (`PathClaims`), not a walk through every post.
    mutating func refuseCollisions() {
        guard plans.contains(where: { !$0.failed }) else { return }
        let claims = gatherClaims()
        var changed = true
        while changed {
            changed = false
            for target in config.targets {
                let key = target.key
                let active = plans.indices.filter { plans[$0].target == target && !plans[$0].failed }
                let rebuilding = Set(active.map { plans[$0].relative })
                // The posts planned now claim their paths; of the others, only
                // the claims on those paths are looked up.
                var planned: [String: [(post: String, hash: String, image: Bool)]] = [:]
                for index in active {
                    for file in plans[index].files {
                        planned[file.path, default: []].append((plans[index].relative, file.hash, file.image))
                    }
                }
                for index in active where !plans[index].failed {
                    let plan = plans[index]
                    for file in plan.files {
                        var claimants = planned[file.path] ?? []
                        for claim in claims.claims(on: file.path, in: key) where !rebuilding.contains(claim.post) {
                            claimants.append((claim.post, claim.hash, claim.image))
                        }
                        // Most paths have one claimant, this post: no set to build.
                        if claimants.allSatisfy({ $0.post == plan.relative }) { continue }
                        let others = Set(claimants.map(\.post)).subtracting([plan.relative])
                        if claimants.allSatisfy({ $0.image && $0.hash == file.hash }) { continue }
                        let names = others.sorted().map(display).joined(separator: ", ")
                        fail(post: plan.display, "\(plan.display): \(Paths.display(target.path + "/" + file.path)) is also the output of \(names); neither is published there")
                        plans[index].failed = true
                        changed = true
                        break
                    }
                }
            }
        }
        guard !adopt else { return }
        for target in config.targets {
            guard plans.contains(where: { $0.target == target && !$0.failed }) else { continue }
            let pending = Set(manifest.targets[target.key]?.pending ?? [])
            for index in plans.indices where plans[index].target == target && !plans[index].failed {
                for file in plans[index].files where !claims.isClaimed(file.path, in: target.key) && !pending.contains(file.path) {
                    var info = stat()
                    let full = target.path + "/" + file.path
                    if lstat(full, &info) == 0 {
                        fail(post: plans[index].display, "\(plans[index].display): \(Paths.display(full)) exists and quire did not write it; leaving it alone")
                        plans[index].failed = true
                        break
                    }
                }
            }
        }
    }

    /// Before the first byte lands, the manifest learns which files and
    /// folders quire is about to create, so a crash in the middle leaves
    /// nothing quire would later mistake for a person's file.
    mutating func recordIntent() -> Bool {
        var grew = false
        for target in config.targets {
            // A target nothing lands in this run has nothing to record.
            guard plans.contains(where: { $0.target == target && !$0.failed }) else { continue }
            var state = manifest.targets[target.key] ?? Manifest.TargetState()
            let claims = gatherClaims()
            // What quire owns already: a post's published files, and what is pending.
            var owned = Set(state.pending)
            var folders = Set(state.folders)
            for plan in plans where plan.target == target && !plan.failed {
                for file in plan.files {
                    if !claims.isClaimed(file.path, in: target.key), owned.insert(file.path).inserted {
                        state.pending.append(file.path)
                        grew = true
                    }
                    var folder = Paths.parent(file.path)
                    while !folder.isEmpty, !folders.contains(folder) {
                        var info = stat()
                        if lstat(target.path + "/" + folder, &info) == 0 { break }
                        folders.insert(folder)
                        grew = true
                        folder = Paths.parent(folder)
                    }
                }
            }
            state.folders = folders.sorted()
            manifest.targets[target.key] = state
        }
        guard grew else { return true }
        beginWriting()
        do {
            try manifest.save(to: config.state)
            loaded = manifest
            onDisk = manifest
            return true
        } catch {
            onDisk = nil
            for index in plans.indices where !plans[index].failed {
                plans[index].failed = true
                summary.failedPosts.insert(plans[index].display)
            }
            fail(post: nil, "state folder: \(error); nothing was published")
            return false
        }
    }
}
