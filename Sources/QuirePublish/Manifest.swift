import Foundation

/// What quire published, and from what: the memory that makes builds
/// incremental and unpublishing safe. Lives in the state folder as JSON,
/// written atomically. A missing or unreadable manifest means a full
/// rebuild, never wrong output.
public struct Manifest: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public static let fileName = "manifest.json"

    /// One file quire wrote into a target.
    public struct File: Codable, Sendable, Hashable {
        /// Relative to the target.
        public var path: String
        /// FNV-1a of the bytes written.
        public var hash: String
        /// Images may be shared by posts that use the same picture.
        public var image: Bool

        public init(path: String, hash: String, image: Bool) {
            self.path = path
            self.hash = hash
            self.image = image
        }
    }

    /// A post's outputs in one target.
    public struct Output: Codable, Sendable, Equatable {
        /// `Config.fingerprint(for:)` when these were made.
        public var config: String
        /// One hash of all the inputs (post, templates, configuration,
        /// assets, quire's build): equal means nothing to do.
        public var inputs: String
        /// The local files (images) these outputs used: a conversion for
        /// one format may use other files than one for another.
        public var assets: [String]
        public var files: [File]

        public init(config: String, inputs: String, assets: [String], files: [File]) {
            self.config = config
            self.inputs = inputs
            self.assets = assets
            self.files = files
        }
    }

    /// One post: the hashes of its inputs and what it published.
    public struct Post: Codable, Sendable, Equatable {
        /// FNV-1a of the post's bytes.
        public var source: String
        /// FNV-1a of the template folder (names and contents).
        public var templates: String
        /// Every local file the post's outputs used (images), by absolute
        /// path, with its hash: the daemon finds a changed image's posts here.
        public var assets: [String: String]
        /// By `Target.key`. A target missing here has not got this post yet.
        public var targets: [String: Output]
        public var draft: Bool

        public init(source: String, templates: String, assets: [String: String], targets: [String: Output], draft: Bool) {
            self.source = source
            self.templates = templates
            self.assets = assets
            self.targets = targets
            self.draft = draft
        }
    }

    /// What quire owns in a target beyond the posts' files.
    public struct TargetState: Codable, Sendable, Equatable {
        /// Folders quire created, relative to the target: removed again
        /// once empty, and only those.
        public var folders: [String] = []
        /// Files quire is writing or failed to delete: recorded before the
        /// first byte is written, so after a crash quire still knows they
        /// are its own and can clean them up.
        public var pending: [String] = []

        public init(folders: [String] = [], pending: [String] = []) {
            self.folders = folders
            self.pending = pending
        }
    }

    public var version: Int
    /// Which build of quire made the outputs: a new converter rebuilds all.
    public var generator: String
    /// By the post's path relative to the source folder.
    public var posts: [String: Post]
    /// By `Target.key`.
    public var targets: [String: TargetState]

    public init(generator: String) {
        self.version = Self.currentVersion
        self.generator = generator
        self.posts = [:]
        self.targets = [:]
    }

    /// How loading went: a manifest, or why there is none.
    public enum Loaded: Sendable {
        case found(Manifest)
        case missing
        case unreadable(String)
    }

    public static func load(from folder: String) -> Loaded {
        let path = folder + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            return .unreadable(error.description)
        }
        do {
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
            guard manifest.version == currentVersion else {
                return .unreadable("\(Paths.display(path)): version \(manifest.version), expected \(currentVersion)")
            }
            return .found(manifest)
        } catch {
            return .unreadable("\(Paths.display(path)): not a manifest quire can read")
        }
    }

    public func save(to folder: String) throws(FileSystemError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw FileSystemError(path: folder + "/" + Self.fileName, operation: "encode the manifest", reason: "\(error)")
        }
        try AtomicFile.createFolders("", in: folder)
        try AtomicFile.write(Array(data), to: folder + "/" + Self.fileName)
    }

    /// Every file a post or a pending write owns in one target.
    public func ownedFiles(in targetKey: String) -> Set<String> {
        var owned = Set(targets[targetKey]?.pending ?? [])
        for post in posts.values {
            for file in post.targets[targetKey]?.files ?? [] { owned.insert(file.path) }
        }
        return owned
    }
}
