import Foundation

/// Which posts have gone out in a newsletter, so `quire newsletter
/// --unsent` sends each post once. Kept as a small JSON file:
/// `{"sent": {"<post key>": "issue-2026-11-30"}}`.
public struct NewsletterState: Sendable, Equatable {
    /// Post key (permalink or slug) to the issue that carried it.
    public var sent: [String: String]

    public init(sent: [String: String] = [:]) {
        self.sent = sent
    }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    private struct File: Codable {
        var sent: [String: String]
    }

    /// The state at `path`; an absent file is an empty state (the first run).
    public static func load(from path: String) throws(Failure) -> NewsletterState {
        guard FileManager.default.fileExists(atPath: path) else { return NewsletterState() }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return NewsletterState(sent: try JSONDecoder().decode(File.self, from: data).sent)
        } catch let error as DecodingError {
            throw Failure(path: path, message: "not a newsletter state file (\(Self.describe(error)))")
        } catch {
            throw Failure(path: path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Writes the state so that a crash leaves either the old file or the
    /// new one, never half of one: a temporary file in the same folder,
    /// flushed to disk, renamed over the old one, and the folder flushed
    /// so the rename itself survives a power cut.
    public func save(to path: String) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(File(sent: sent)) + Data("\n".utf8) } catch {
            throw Failure(path: path, message: "cannot encode: \(error)")
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: path, message: "cannot create the folder: \(error.localizedDescription)")
        }
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, message: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return false }
                offset += written
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        let why = String(cString: strerror(errno))
        close(fd)
        guard ok else {
            unlink(temporary)
            throw Failure(path: path, message: "cannot write \(temporary): \(why)")
        }
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, message: "cannot replace the file: \(why)")
        }
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .dataCorrupted(context): return context.debugDescription
        case let .keyNotFound(key, _): return "no \"\(key.stringValue)\""
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
