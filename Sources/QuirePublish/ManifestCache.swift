import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The manifest a publisher last read or wrote, kept between runs so that
/// the daemon does not decode the whole manifest for every save. It is used
/// only while the file on disk is the very one it describes: same inode
/// (every save is a rename, so a new inode), size and change time, checked
/// under the state lock.
struct ManifestCache: Sendable {
    struct Stamp: Equatable, Sendable {
        var inode: UInt64
        var size: Int64
        var changed: Int
        var changedNanoseconds: Int
        /// Nanoseconds since the epoch: stamps taken at or after this are racy.
        var modified: Int64
    }

    var manifest: Manifest
    var stamp: Stamp

    /// The cache for `manifest`, which the file in `folder` now holds.
    init?(manifest: Manifest, folder: String) {
        guard let stamp = Self.stamp(in: folder) else { return nil }
        self.manifest = manifest
        self.stamp = stamp
    }

    func isCurrent(in folder: String) -> Bool {
        Self.stamp(in: folder) == stamp
    }

    static func stamp(in folder: String) -> Stamp? {
        var info = stat()
        guard stat(folder + "/" + Manifest.fileName, &info) == 0 else { return nil }
        return Stamp(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     changed: info.st_ctim.tv_sec, changedNanoseconds: info.st_ctim.tv_nsec,
                     modified: FileStamp(info).modified)
    }
}
