import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What quire published, and from what: the memory that makes builds
/// incremental and unpublishing safe. Lives in the state folder as a
/// compact text file (`Manifest+Format.swift`), written atomically, with a
/// checksum. A missing, unreadable or damaged manifest means a full
/// rebuild, never wrong output.
public struct Manifest: Sendable, Equatable {
    public static let currentVersion = 2
    public static let fileName = "manifest"
    /// What version 1 was called (JSON): removed once version 2 is written.
    static let formerFileName = "manifest.json"

    /// One file quire wrote into a target.
    public struct File: Sendable, Hashable {
        /// Relative to the target.
        public var path: String
        /// The `ContentHash` of the bytes written.
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
    public struct Output: Sendable, Equatable {
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
    public struct Post: Sendable, Equatable {
        /// The `ContentHash` of the post's bytes.
        public var source: String
        /// The post file's stamp when `source` was taken from its bytes:
        /// while the file's stamp is this, `source` is trusted unread. Nil
        /// when it was too fresh to trust (see `FileStamp`).
        public var stamp: FileStamp?
        /// The `ContentHash` of the template folder (names and contents).
        public var templates: String
        /// Every local file the post's outputs used (images), by absolute
        /// path, with its hash: the daemon finds a changed image's posts here.
        public var assets: [String: String]
        /// By `Target.key`. A target missing here has not got this post yet.
        public var targets: [String: Output]
        public var draft: Bool

        public init(source: String, stamp: FileStamp? = nil, templates: String, assets: [String: String],
                    targets: [String: Output], draft: Bool) {
            self.source = source
            self.stamp = stamp
            self.templates = templates
            self.assets = assets
            self.targets = targets
            self.draft = draft
        }
    }

    /// What quire owns in a target beyond the posts' files.
    public struct TargetState: Sendable, Equatable {
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

    /// A file other than a post whose hash quire keeps (images, templates).
    public struct Known: Sendable, Equatable {
        public var hash: String
        public var stamp: FileStamp?

        public init(hash: String, stamp: FileStamp?) {
            self.hash = hash
            self.stamp = stamp
        }
    }

    public var version: Int
    /// Which build of quire made the outputs: a new converter rebuilds all.
    public var generator: String
    /// By the post's path relative to the source folder.
    public var posts: [String: Post]
    /// By `Target.key`.
    public var targets: [String: TargetState]
    /// Images and templates by absolute path: their hashes, with the stamp
    /// that lets a run trust a hash without reading the file.
    public var files: [String: Known]

    public init(generator: String) {
        self.version = Self.currentVersion
        self.generator = generator
        self.posts = [:]
        self.targets = [:]
        self.files = [:]
    }

    /// How loading went: a manifest, or why there is none.
    public enum Loaded: Sendable {
        case found(Manifest)
        case missing
        case unreadable(String)
    }

    public static func load(from folder: String) -> Loaded {
        let path = folder + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else {
            if FileManager.default.fileExists(atPath: folder + "/" + formerFileName) {
                return .unreadable("\(Paths.display(folder + "/" + formerFileName)): written by an older quire")
            }
            return .missing
        }
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            return .unreadable(error.description)
        }
        do {
            return .found(try Manifest(decoding: bytes))
        } catch {
            return .unreadable("\(Paths.display(path)): \(error.reason)")
        }
    }

    /// `beforeRename`: see `AtomicFile.write`.
    public func save(to folder: String, beforeRename: (() throws(FileSystemError) -> Void)? = nil) throws(FileSystemError) {
        try AtomicFile.createFolders("", in: folder)
        try AtomicFile.write(encoded(), to: folder + "/" + Self.fileName, beforeRename: beforeRename)
        // The JSON manifest of an older quire would only mislead a reader.
        unlink(folder + "/" + Self.formerFileName)
    }

    /// Drops every stamp taken at or after `time` (the manifest file's
    /// modification time): such a file may have changed again within the
    /// same timestamp tick after it was hashed, so its hash is checked by
    /// reading it. Git does the same with its index ("racy git").
    mutating func smudgeRacyStamps(writtenAt time: Int64) {
        let racyPosts = posts.compactMap { path, post in
            post.stamp.map { $0.isSettled(before: time) } == false ? path : nil
        }
        for path in racyPosts { posts[path]?.stamp = nil }
        let racyFiles = files.compactMap { path, known in
            known.stamp.map { $0.isSettled(before: time) } == false ? path : nil
        }
        for path in racyFiles { files[path]?.stamp = nil }
    }
}
