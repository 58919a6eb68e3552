import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Config {
    /// Problems that make publishing unsafe whatever the disk holds:
    /// `quire build` refuses to start with any of them.
    public func structuralProblems() -> [ConfigError] {
        var problems: [ConfigError] = []
        for target in targets {
            if Paths.isInside(target.path, source) {
                problems.append(ConfigError(file: file, message:
                    "the \(target.format.rawValue) target \(Paths.display(target.path)) is inside the source folder \(Paths.display(source))"))
            } else if Paths.isInside(source, target.path) {
                problems.append(ConfigError(file: file, message:
                    "the source folder \(Paths.display(source)) is inside the \(target.format.rawValue) target \(Paths.display(target.path))"))
            }
            if Paths.isInside(state, target.path) {
                problems.append(ConfigError(file: file, message:
                    "the state folder \(Paths.display(state)) is inside the \(target.format.rawValue) target \(Paths.display(target.path))"))
            }
        }
        return problems
    }

    /// Everything `quire check` reports: the structural problems, then
    /// folders that are missing or cannot be written as things stand.
    public func problems() -> [ConfigError] {
        var problems = structuralProblems()
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) || !isFolder.boolValue {
            problems.append(ConfigError(file: file, message: "the source folder \(Paths.display(source)) does not exist"))
        }
        if let templates, !FileManager.default.fileExists(atPath: templates, isDirectory: &isFolder) || !isFolder.boolValue {
            problems.append(ConfigError(file: file, message: "the templates folder \(Paths.display(templates)) does not exist"))
        }
        for target in targets {
            if let why = Self.unwritable(target.path) {
                problems.append(ConfigError(file: file, message: "the \(target.format.rawValue) target \(Paths.display(target.path)) \(why)"))
            }
        }
        if let why = Self.unwritable(state) {
            problems.append(ConfigError(file: file, message: "the state folder \(Paths.display(state)) \(why)"))
        }
        return problems
    }

    /// Nil when quire could create or write `folder`; else why not. Checks
    /// the nearest existing folder, as creating the rest would.
    static func unwritable(_ folder: String) -> String? {
        var path = folder
        var info = stat()
        while stat(path, &info) != 0 {
            guard errno == ENOENT || errno == ENOTDIR, path != "/" else { return "cannot be reached: \(String(cString: strerror(errno)))" }
            path = (path as NSString).deletingLastPathComponent
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return path == folder ? "is a file, not a folder" : "cannot be created: \(Paths.display(path)) is a file"
        }
        var volume = statvfs()
        if statvfs(path, &volume) == 0, volume.f_flag & UInt(ST_RDONLY) != 0 {
            return "is on a read-only file system"
        }
        if access(path, W_OK) != 0 {
            return path == folder ? "is not writable" : "cannot be created: \(Paths.display(path)) is not writable"
        }
        return nil
    }
}
