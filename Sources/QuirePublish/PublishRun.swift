import Foundation
import QuireConvert

/// The state of one sync, step by step (see `Publisher`). A value that
/// lives for one run; only the manifest outlives it.
struct PublishRun {
    /// A post that needs converting, for these targets.
    struct Job: Sendable {
        var relative: String
        var absolute: String
        var display: String
        var bytes: [UInt8]
        var sourceHash: String
        var targets: [Target]
    }

    /// A file to land in a target.
    struct PlannedFile {
        enum Content {
            case bytes([UInt8])
            case copy(of: String)
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
    var templatesHash = ""
    var fileHashes: [String: String] = [:]
    var removals: [String] = []
    var plans: [Plan] = []
    var summary = PublishSummary()
    /// Folders to flush once, before the manifest that describes them lands.
    let folderSyncs = FolderSyncs()

    init(config: Config, generator: String, clean: Bool, events: (@Sendable (PublishEvent) -> Void)?) {
        self.config = config
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

    /// Temporary files a killed quire left behind go first.
    mutating func sweepTemporaryFiles() {
        for folder in config.targets.map(\.path) + [config.state] {
            for path in AtomicFile.sweep(folder) {
                events?(.warning("\(Paths.display(path)): removed a temporary file left by an interrupted run"))
            }
        }
    }

    /// Reads the manifest, or takes `cached` when the file is still the
    /// one it was made from.
    mutating func loadManifest(cached: ManifestCache? = nil) {
        let result: Manifest.Loaded
        if let cached, cached.isCurrent(in: config.state) {
            result = .found(cached.manifest)
        } else {
            result = Manifest.load(from: config.state)
        }
        switch result {
        case let .found(found):
            manifest = found
            loaded = found
            onDisk = found
            manifest.generator = generator
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
    /// being moved or remounted must not take the site down.
    mutating func scanSource() -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: config.source, isDirectory: &isFolder), isFolder.boolValue else {
            fail(post: nil, "\(Paths.display(config.source)): the source folder does not exist; nothing was published or removed")
            return false
        }
        let found = SourceFolder.posts(in: config.source)
        present = Set(found.posts)
        for link in found.skipped {
            warn("\(display(link)): a link that leaves the source folder; not read")
        }
        templatesHash = hashTemplates()
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

    /// Reads and hashes each examined post; returns those some target
    /// needs, and notes the ones that are gone.
    mutating func decide(examined: [String]) -> [Job] {
        var jobs: [Job] = []
        for relative in examined {
            guard present.contains(relative) else {
                if manifest.posts[relative] != nil { removals.append(relative) }
                continue
            }
            let absolute = config.source + "/" + relative
            let bytes: [UInt8]
            do {
                bytes = try AtomicFile.read(absolute)
            } catch {
                if error.code == ENOENT {
                    if manifest.posts[relative] != nil { removals.append(relative) }
                } else {
                    fail(post: display(relative), error.description)
                }
                continue
            }
            let sourceHash = FNV1a.hex(of: bytes)
            let record = manifest.posts[relative]
            let needed = config.targets.filter { target in
                guard !clean, let record, let output = record.targets[target.key] else { return true }
                return output.inputs != inputs(source: sourceHash, target: target, assets: output.assets)
            }
            if needed.isEmpty {
                summary.unchanged += 1
            } else {
                jobs.append(Job(relative: relative, absolute: absolute, display: display(relative),
                                bytes: bytes, sourceHash: sourceHash, targets: needed))
            }
        }
        return jobs
    }

    /// One hash of everything that shapes a post's outputs in a target.
    mutating func inputs(source: String, target: Target, assets: [String]) -> String {
        var hasher = FNV1a()
        hasher.update(field: source)
        hasher.update(field: templatesHash)
        hasher.update(field: config.fingerprint(for: target))
        hasher.update(field: generator)
        for asset in assets.sorted() {
            hasher.update(field: asset)
            hasher.update(field: hashFile(asset) ?? "missing")
        }
        return hasher.hex
    }

    /// FNV-1a of a file, read once per run.
    mutating func hashFile(_ path: String) -> String? {
        if let known = fileHashes[path] { return known }
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        let hash = FNV1a.hex(of: bytes)
        fileHashes[path] = hash
        return hash
    }

    /// Names and contents of every file in the template folder.
    func hashTemplates() -> String {
        guard let folder = config.templates else { return "none" }
        var hasher = FNV1a()
        let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
        for name in names {
            guard let bytes = try? AtomicFile.read(folder + "/" + name) else { continue }
            hasher.update(field: name)
            hasher.update(bytes)
        }
        return hasher.hex
    }
}
