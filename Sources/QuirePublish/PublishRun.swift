import Foundation
import QuireConvert
#if canImport(Glibc)
import Glibc
#endif

/// The state of one sync, step by step (see `Publisher`). A value that
/// lives for one run; only the manifest outlives it.
struct PublishRun {
    /// A post that needs converting, for these targets.
    struct Job: Sendable {
        var relative: String
        var absolute: String
        var display: String
        /// Nil for a post with no record: its conversion task reads it (see
        /// `Publisher.convert`), and its hash and stamp are filled in then.
        var bytes: [UInt8]?
        var sourceHash: String
        /// The post file's stamp as read, when it can be trusted later.
        var stamp: FileStamp?
        var targets: [Target]
    }

    /// A post as its conversion task read it.
    struct Read: Sendable {
        var bytes: [UInt8]
        var hash: String
        var stamp: FileStamp?

        init(_ path: String, settledBefore: Int64) throws(FileSystemError) {
            (bytes, stamp) = try FileStamp.read(path, settledBefore: settledBefore)
            hash = ContentHash.hex(of: bytes)
        }
    }

    /// A file to land in a target.
    struct PlannedFile {
        enum Content {
            case bytes([UInt8])
            case copy(of: String)
            /// Handed to the batch (or found in place): the bytes are let go
            /// as soon as they are staged, not held until every post is in.
            case staged
        }
        var path: String
        var hash: String
        var image: Bool
        var content: Content
    }

    /// One post's outputs for one target.
    struct Plan {
        var relative: String
        var display: String
        var target: Target
        /// Images first, so a page never lands before what it shows.
        var files: [PlannedFile]
        var inputs: String
        var assets: [String]
        var failed = false
        /// Its files waiting in the batch as temporary files, in order.
        var staged: [AtomicBatch.Staged] = []
        /// Staging failed: reported, in source order, when the run writes.
        var stageFailure: FileSystemError?
    }

    let config: Config
    let generator: String
    let clean: Bool
    let events: (@Sendable (PublishEvent) -> Void)?

    var manifest: Manifest
    /// As loaded, so a run that changed nothing writes nothing.
    var loaded: Manifest?
    /// What the manifest file holds, when this run knows (it read it or
    /// wrote it): the publisher keeps it for its next run.
    var onDisk: Manifest?
    /// No trustworthy manifest: files found where outputs go are taken as
    /// quire's own (a lost manifest must not block a rebuild).
    var adopt = false
    var present: Set<String> = []
    /// Each present post's stamp, from the scan.
    var stamps: [String: FileStamp] = [:]
    /// A file whose times are at or after this was changed too recently for
    /// its stamp to be trusted by a later run (see `FileStamp.read`).
    let settledBefore: Int64
    var templatesHash = ""
    /// `Config.fingerprint(for:)` by target key, worked out once a run
    /// rather than once a post.
    let fingerprints: [String: String]
    /// Hashes of images and templates, each file looked at once per run.
    var fileHashes: [String: String] = [:]
    var removals: [String] = []
    /// Posts that failed for a reason their bytes decide, by relative path:
    /// the publisher's memory, handed in and taken back each run.
    var knownFailures: [String: KnownFailure] = [:]
    private var markedUnfinished = false
    var plans: [Plan] = []
    var summary = PublishSummary()
    /// Folders to flush once, before the manifest that describes them lands.
    let folderSyncs = FolderSyncs()
    /// The files staged while posts are converted (see `stage(planAt:)`).
    var batch: AtomicBatch?
    /// The batch's flush, when it runs beside the checks that follow the
    /// last conversion.
    var flushing: BackgroundFlush?
    /// Which posts own each published path (see `PathClaims`).
    var pathClaims: PathClaims?
    /// Target folders made or checked this run.
    var readyRoots: Set<String> = []
    /// `takeDown` tries every folder quire made, not only those a deletion
    /// touched: the last run may have died between making one and filling it.
    var tidyEveryFolder = false
    /// Targets where a post failed after `recordIntent` named its folders
    /// (they may stand empty, or not exist).
    var writeFailed: Set<String> = []

    /// - Parameter settle: how far a file's times must lie in the past for
    ///   its stamp to be recorded. A file changed again within one timestamp
    ///   tick of its last change keeps its stamp; so a stamp is trusted only
    ///   when the file's times are older than the run by more than the
    ///   coarsest tick a file system has (FAT: 2 s).
    init(config: Config, generator: String, clean: Bool, settle: Duration = .seconds(3),
         events: (@Sendable (PublishEvent) -> Void)?) {
        let margin = settle.components.seconds * 1_000_000_000 + settle.components.attoseconds / 1_000_000_000
        self.settledBefore = FileStamp.now() - margin
        self.config = config
        self.fingerprints = Dictionary(config.targets.map { ($0.key, config.fingerprint(for: $0)) }, uniquingKeysWith: { a, _ in a })
        self.generator = generator
        self.clean = clean
        self.events = events
        self.manifest = Manifest(generator: generator)
    }

    func display(_ relative: String) -> String {
        Paths.display(config.source + "/" + relative)
    }

    mutating func fail(post: String?, _ line: String) {
        if let post { summary.failedPosts.insert(post) }
        summary.failures.append(line)
        events?(.failure(line))
    }

    mutating func warn(_ line: String) {
        summary.warnings.append(line)
        events?(.warning(line))
    }

    func finish(since started: ContinuousClock.Instant) -> PublishSummary {
        var summary = summary
        let elapsed = ContinuousClock.now - started
        summary.milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        return summary
    }

    // MARK: - Start

    /// Marks the state folder while this run may leave temporary files: a
    /// run that dies before `finishWriting()` leaves the mark, and the next
    /// run sweeps. Without it, every `quire build` would read every folder
    /// of every target (a thousand in a `pretty` target) to find nothing.
    static let unfinishedMark = "unfinished"

    /// True when the last run may have left temporary files: it did not
    /// finish, or there is no manifest to say what happened.
    var needsSweep: Bool {
        clean || adopt || access(config.state + "/" + Self.unfinishedMark, F_OK) == 0
    }

    /// Before the first temporary file. The mark is not flushed: on one
    /// journalled file system (ext4, xfs) its creation reaches the disk no
    /// later than the temporary files created after it; across file systems
    /// a power cut could keep a temporary file and lose the mark, and that
    /// hidden file then stays until the next sweep.
    mutating func beginWriting() {
        guard !markedUnfinished else { return }
        let fd = open(config.state + "/" + Self.unfinishedMark, O_WRONLY | O_CREAT | O_CLOEXEC, 0o666)
        if fd >= 0 { close(fd) }
        markedUnfinished = true
    }

    /// After the last write: no temporary file of this run is left.
    mutating func finishWriting() {
        guard markedUnfinished else { return }
        unlink(config.state + "/" + Self.unfinishedMark)
        markedUnfinished = false
    }

    /// Temporary files a killed quire left behind go first.
    mutating func sweepTemporaryFiles() {
        for folder in config.targets.map(\.path) + [config.state] {
            for path in AtomicFile.sweep(folder) {
                events?(.warning("\(Paths.display(path)): removed a temporary file left by an interrupted run"))
            }
        }
        // A run died: it may have made folders it never filled. (A sweep
        // for `clean` or a lost manifest has no such folders on record.)
        tidyEveryFolder = access(config.state + "/" + Self.unfinishedMark, F_OK) == 0
        // Swept: what the mark warned of is gone.
        unlink(config.state + "/" + Self.unfinishedMark)
    }

    /// Reads the manifest, or takes `cached` when the file is still the
    /// one it was made from.
    mutating func loadManifest(cached: ManifestCache? = nil) {
        loadManifest(from: FoundManifest.read(in: config.state, cached: cached))
    }

    /// The manifest as a run finds it, and when its file was written.
    struct FoundManifest: Sendable {
        var result: Manifest.Loaded
        var writtenAt: Int64?

        /// The state folder's manifest: the publisher's copy while the file is
        /// the one it describes, else the file. Touches nothing of a run, so
        /// it can be read on one thread while the scan goes on another.
        static func read(in folder: String, cached: ManifestCache?) -> FoundManifest {
            if let cached, cached.isCurrent(in: folder) {
                return FoundManifest(result: .found(cached.manifest), writtenAt: cached.stamp.modified)
            }
            let result = Manifest.load(from: folder)
            // Under the lock: the file read is the file stamped.
            return FoundManifest(result: result, writtenAt: ManifestCache.stamp(in: folder)?.modified)
        }
    }

    mutating func loadManifest(from found: FoundManifest) {
        switch found.result {
        case var .found(manifest):
            // Stamps not older than the manifest itself are racy: those
            // files are read again. No time at all: every one is.
            manifest.smudgeRacyStamps(writtenAt: found.writtenAt ?? .min)
            self.manifest = manifest
            loaded = manifest
            onDisk = manifest
            self.manifest.generator = generator
        case .missing:
            adopt = true
        case let .unreadable(why):
            warn("\(why); rebuilding everything")
            adopt = true
        }
        for target in config.targets where manifest.targets[target.key] == nil {
            manifest.targets[target.key] = Manifest.TargetState()
        }
    }

    /// A missing source folder publishes and removes nothing: a folder
    /// being moved or remounted must not take the site down. `changed` is
    /// called at each post changed since the manifest was written (every
    /// post, without one) as the scan meets it: most likely, it is to be
    /// converted.
    mutating func scanSource(changed: (() -> Void)? = nil) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: config.source, isDirectory: &isFolder), isFolder.boolValue else {
            fail(post: nil, "\(Paths.display(config.source)): the source folder does not exist; nothing was published or removed")
            return false
        }
        let written = changed == nil ? nil : ManifestCache.stamp(in: config.state)?.modified
        let found = SourceFolder.scan(config.source, found: changed.map { changed in
            { stamp in if written.map({ !stamp.isSettled(before: $0) }) ?? true { changed() } }
        })
        present = Set(found.posts)
        stamps = found.stamps
        for link in found.skipped {
            warn("\(display(link)): a link that leaves the source folder; not read")
        }
        return true
    }

    // MARK: - Decide

    /// The posts this run looks at: all of them, or those a change touches.
    func examined(changed: [String]?) -> [String] {
        let all = present.union(manifest.posts.keys)
        guard let changed else { return all.sorted() }
        let cwd = FileManager.default.currentDirectoryPath
        var users: [String: [String]] = [:]
        for (post, record) in manifest.posts {
            for asset in record.assets.keys { users[asset, default: []].append(post) }
        }
        var out: Set<String> = []
        var folders: [String] = []
        for path in changed {
            let absolute = Paths.absolute(path, base: cwd)
            if let templates = config.templates, Paths.isInside(absolute, templates) { return all.sorted() }
            out.formUnion(users[absolute] ?? [])
            guard Paths.isInside(absolute, config.source) else { continue }
            if absolute == config.source { return all.sorted() }
            let relative = String(absolute.dropFirst(config.source.count + 1))
            if all.contains(relative) { out.insert(relative) } else { folders.append(relative + "/") }
        }
        // A changed folder (moved, deleted, created) covers every post below it.
        if !folders.isEmpty {
            for post in all where folders.contains(where: { post.hasPrefix($0) }) { out.insert(post) }
        }
        return out.sorted()
    }

    /// Returns the examined posts some target needs, and notes the ones
    /// that are gone. A post whose stamp is the one recorded with its hash
    /// is not read unless it is to be converted; any other is read and
    /// hashed (a touched post with the same bytes is unchanged, and its new
    /// stamp is recorded). A post with no record is built for every target
    /// whatever its bytes: it is left for its conversion task to read, so
    /// that in a first build the workers start on the first posts while the
    /// others are still unread.
    mutating func decide(examined: [String]) -> [Job] {
        var jobs: [Job] = []
        for relative in examined {
            guard present.contains(relative) else {
                if manifest.posts[relative] != nil { removals.append(relative) }
                knownFailures[relative] = nil
                continue
            }
            let absolute = config.source + "/" + relative
            let record = manifest.posts[relative]
            // A known failure is compared by hash, so that post is read now.
            if record == nil, knownFailures[relative] == nil {
                jobs.append(Job(relative: relative, absolute: absolute, display: display(relative),
                                bytes: nil, sourceHash: "", stamp: nil, targets: config.targets))
                continue
            }
            var read: Read?
            var sourceHash: String
            if let record, let recorded = record.stamp, recorded == stamps[relative] {
                sourceHash = record.source
            } else {
                guard let fresh = readPost(relative, absolute: absolute) else { continue }
                read = fresh
                sourceHash = fresh.hash
            }
            var needed = neededTargets(record: record, sourceHash: sourceHash)
            if !needed.isEmpty, read == nil {
                // Trusted but to be converted: the converter needs the bytes.
                guard let fresh = readPost(relative, absolute: absolute) else { continue }
                read = fresh
                if fresh.hash != sourceHash {
                    sourceHash = fresh.hash
                    needed = neededTargets(record: record, sourceHash: sourceHash)
                }
            }
            if needed.isEmpty {
                // Published as it is: breaking it again is news again.
                knownFailures[relative] = nil
                summary.unchanged += 1
                if let read, let record, read.hash == record.source, read.stamp != record.stamp {
                    manifest.posts[relative]?.stamp = read.stamp
                }
            } else if !clean, let known = knownFailures[relative],
                      known.inputs == failureInputs(source: sourceHash, targets: needed) {
                // The bytes that failed, under the same templates and configuration:
                // still failing, and already said. Not converted, not reported again.
                summary.failedPosts.insert(display(relative))
                summary.failures.append(known.line)
            } else {
                jobs.append(Job(relative: relative, absolute: absolute, display: display(relative),
                                bytes: read!.bytes, sourceHash: sourceHash, stamp: read!.stamp, targets: needed))
            }
        }
        return jobs
    }

    /// The targets whose outputs of this post are missing or stale.
    private mutating func neededTargets(record: Manifest.Post?, sourceHash: String) -> [Target] {
        config.targets.filter { target in
            guard !clean, let record, let output = record.targets[target.key] else { return true }
            return output.inputs != inputs(source: sourceHash, target: target, assets: output.assets)
        }
    }

    /// A post's bytes, hash and stamp; nil (with a failure, or a removal
    /// when it is gone) when it cannot be read.
    private mutating func readPost(_ relative: String, absolute: String) -> Read? {
        do {
            return try Read(absolute, settledBefore: settledBefore)
        } catch {
            unreadable(relative, error)
            return nil
        }
    }

    /// A post that could not be read: gone since the scan (a removal, if
    /// it was published), or a failure.
    mutating func unreadable(_ relative: String, _ error: FileSystemError) {
        if error.code == ENOENT {
            if manifest.posts[relative] != nil { removals.append(relative) }
            knownFailures[relative] = nil
        } else {
            fail(post: display(relative), error.description)
        }
    }

    /// One hash of everything that shapes a post's outputs in a target.
    mutating func inputs(source: String, target: Target, assets: [String]) -> String {
        var hasher = ContentHash()
        hasher.update(field: source)
        hasher.update(field: templatesHash)
        hasher.update(field: fingerprints[target.key] ?? config.fingerprint(for: target))
        hasher.update(field: generator)
        for asset in assets.sorted() {
            hasher.update(field: asset)
            hasher.update(field: hashFile(asset) ?? "missing")
        }
        return hasher.hex
    }

    /// What a failed conversion of these bytes for these targets depended
    /// on (see `KnownFailure`): each target's inputs without assets (a post
    /// that fails to convert names none, and no failure its bytes decide
    /// reads one).
    mutating func failureInputs(source: String, targets: [Target]) -> String {
        targets.map { inputs(source: source, target: $0, assets: []) }.joined(separator: " ")
    }

    /// The `ContentHash` of an image or template, looked at once per run: taken from
    /// the manifest while the file's stamp is the one recorded with it,
    /// else read (and recorded with its new stamp). Nil when it cannot be
    /// read.
    mutating func hashFile(_ path: String) -> String? {
        if let known = fileHashes[path] { return known }
        if let known = manifest.files[path], let recorded = known.stamp, recorded == FileStamp.of(path) {
            fileHashes[path] = known.hash
            return known.hash
        }
        guard let (bytes, stamp) = try? FileStamp.read(path, settledBefore: settledBefore) else {
            manifest.files[path] = nil
            return nil
        }
        let hash = ContentHash.hex(of: bytes)
        fileHashes[path] = hash
        manifest.files[path] = Manifest.Known(hash: hash, stamp: stamp)
        return hash
    }

    /// Names and contents of every file in the template folder.
    mutating func hashTemplates() -> String {
        guard let folder = config.templates else { return "none" }
        var hasher = ContentHash()
        let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
        for name in names {
            guard let hash = hashFile(folder + "/" + name) else { continue }
            hasher.update(field: name)
            hasher.update(field: hash)
        }
        return hasher.hex
    }

    /// The manifest keeps the hashes of the files this run looked at and
    /// of the images some post uses, no others.
    mutating func pruneKnownFiles() {
        var keep = Set(fileHashes.keys)
        for post in manifest.posts.values { keep.formUnion(post.assets.keys) }
        let gone = manifest.files.keys.filter { !keep.contains($0) }
        for path in gone { manifest.files[path] = nil }
    }
}
