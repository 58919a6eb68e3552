/// The files quire owns in one target (`Manifest.ownedFiles(in:)`), asked
/// about the files a post is about to write. Most of those are the post's
/// own, already published at the same paths: they are answered from its
/// record, and the whole set (every post's files) is gathered only when a
/// path is new to its post. Publishing one changed post then does not walk
/// a thousand records, twice per target.
struct OwnedFiles {
    let manifest: Manifest
    let targetKey: String
    private var all: Set<String>?

    init(manifest: Manifest, targetKey: String) {
        self.manifest = manifest
        self.targetKey = targetKey
    }

    /// True when quire owns `path` (`post` is the post that plans it).
    mutating func contains(_ path: String, post: String) -> Bool {
        if isOwn(path, post: post) { return true }
        return everything().contains(path)
    }

    /// Adds `path`; true when it was not owned before.
    mutating func insert(_ path: String, post: String) -> Bool {
        if isOwn(path, post: post) { return false }
        _ = everything()
        return all!.insert(path).inserted
    }

    private func isOwn(_ path: String, post: String) -> Bool {
        manifest.posts[post]?.targets[targetKey]?.files.contains { $0.path == path } == true
    }

    private mutating func everything() -> Set<String> {
        if let all { return all }
        let gathered = manifest.ownedFiles(in: targetKey)
        all = gathered
        return gathered
    }
}
