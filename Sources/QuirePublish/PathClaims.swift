/// Which posts the manifest says own each path in each target: gathered
/// once a run, while the conversions are awaited (the publisher's thread
/// is idle then), so that the collision and intent checks after the last
/// conversion cost a lookup per planned path, not a walk through every
/// post's record once per target (3,126 paths for the corpus' three
/// targets, about 2 ms to publish one post).
///
/// The manifest's published files do not change between `beginPlanning`
/// (which unpublishes removed posts first) and `refuseCollisions` and
/// `recordIntent`, which use the claims, before `write()` changes them:
/// `plan(job:result:)` updates a post's hashes, not its files.
struct PathClaims {
    struct Claim {
        var post: String
        var hash: String
        var image: Bool
    }

    /// Every claim, chained per path through `next` (most paths have one).
    private var claims: [(claim: Claim, next: Int)] = []
    /// The first claim's index, by target key and path.
    private var first: [String: [String: Int]] = [:]

    init(manifest: Manifest) {
        for (post, record) in manifest.posts {
            for (key, output) in record.targets {
                for file in output.files {
                    let previous = first[key, default: [:]][file.path] ?? -1
                    first[key, default: [:]][file.path] = claims.count
                    claims.append((Claim(post: post, hash: file.hash, image: file.image), previous))
                }
            }
        }
    }

    /// The posts whose published files include `path` in the target.
    func claims(on path: String, in targetKey: String) -> [Claim] {
        var out: [Claim] = []
        var index = first[targetKey]?[path] ?? -1
        while index >= 0 {
            out.append(claims[index].claim)
            index = claims[index].next
        }
        return out
    }

    /// True when some post's published files include `path` in the target.
    func isClaimed(_ path: String, in targetKey: String) -> Bool {
        first[targetKey]?[path] != nil
    }
}
