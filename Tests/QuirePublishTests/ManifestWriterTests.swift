import Foundation
import Testing
@testable import QuirePublish

/// `Manifest.encoded()` writes field by field; these check it against the
/// general form it replaced (an array of strings per line, stamps through
/// string interpolation), byte for byte.
@Suite("Manifest writer")
struct ManifestWriterTests {
    /// The encoder as it was: every record an array of `String`s.
    static func reference(_ manifest: Manifest) -> [UInt8] {
        var out = ManifestWriter(capacity: 0)
        out.line([Manifest.header])
        out.line(["generator", manifest.generator])
        var keys = Set(manifest.targets.keys)
        for post in manifest.posts.values { keys.formUnion(post.targets.keys) }
        let targetKeys = keys.sorted()
        var number: [String: String] = [:]
        for (index, key) in targetKeys.enumerated() {
            number[key] = String(index)
            out.line(["target", key, manifest.targets[key] == nil ? "0" : "1"])
        }
        for key in targetKeys {
            guard let state = manifest.targets[key] else { continue }
            for folder in state.folders { out.line(["folder", number[key]!, folder]) }
            for path in state.pending { out.line(["pending", number[key]!, path]) }
        }
        for path in manifest.files.keys.sorted() {
            let known = manifest.files[path]!
            out.line(["known", path, known.hash, Manifest.text(known.stamp)])
        }
        for path in manifest.posts.keys.sorted() {
            let post = manifest.posts[path]!
            out.line(["post", path, post.source, post.templates, post.draft ? "1" : "0", Manifest.text(post.stamp)])
            for asset in post.assets.keys.sorted() { out.line(["asset", asset, post.assets[asset]!]) }
            for key in post.targets.keys.sorted() {
                let output = post.targets[key]!
                out.line(["output", number[key]!, output.config, output.inputs])
                for asset in output.assets { out.line(["uses", asset]) }
                for file in output.files { out.line(["file", file.path, file.hash, file.image ? "1" : "0"]) }
            }
        }
        out.line(["end", ContentHash.hex(of: out.bytes)])
        return out.bytes
    }

    static let edges: [Int64] = [0, 1, -1, 9, 10, -10, 1_764_000_000_123_456_789, .max, .min, .min + 1]

    @Test("the same bytes as the general form: escapes, stamps at the ends of their ranges, many targets and posts")
    func sameBytes() throws {
        var manifest = Manifest(generator: "gen\tweird\\name")
        manifest.targets["html:/out"] = Manifest.TargetState(folders: ["a", "b c", "x\\y"], pending: ["x\ny.html", "p"])
        manifest.targets["text:/empty"] = Manifest.TargetState()
        var random = SystemRandomNumberGenerator()
        func stamp(_ i: Int) -> FileStamp? {
            if i % 7 == 0 { return nil }
            let pick = { Self.edges[Int(random.next() % UInt64(Self.edges.count))] }
            return FileStamp(device: i % 3 == 0 ? .max : random.next(), inode: i % 5 == 0 ? 0 : UInt64(i),
                             size: pick(), modified: pick(), changed: pick())
        }
        for i in 0..<40 {
            manifest.files["/assets/\(i)ü.png"] = Manifest.Known(hash: "h\(i)", stamp: stamp(i))
        }
        for i in 0..<300 {
            let keys = ["html:/out", "epub:/out", "text:/empty", "z:\(i % 4)"].filter { _ in random.next() % 4 != 0 }
            var targets: [String: Manifest.Output] = [:]
            for key in keys {
                let files = (0..<Int(random.next() % 4)).map {
                    Manifest.File(path: "p\(i)/\($0)\(i % 11 == 0 ? "\t" : "").html", hash: "f\($0)", image: $0 % 2 == 1)
                }
                targets[key] = Manifest.Output(config: "cfg-\(key)", inputs: "in\(i)", assets: i % 9 == 0 ? ["/a/\(i)", "/b"] : [], files: files)
            }
            manifest.posts["dir\(i % 13)/post\(i).md"] = Manifest.Post(
                source: "s\(i)", stamp: stamp(i), templates: "none",
                assets: i % 5 == 0 ? ["/a/\(i)": "x", "/b": "y\n"] : [:], targets: targets, draft: i % 17 == 0)
        }
        let bytes = manifest.encoded()
        #expect(bytes == Self.reference(manifest))
        #expect(try Manifest(decoding: bytes) == manifest)
        #expect(Self.reference(Manifest(generator: "empty")) == Manifest(generator: "empty").encoded())
    }

    @Test("a stamp's digits are the interpolated ones", arguments: edges)
    func stampDigits(value: Int64) {
        let stamp = FileStamp(device: UInt64(bitPattern: value), inode: value.magnitude, size: value, modified: value, changed: value)
        var out = ManifestWriter(capacity: 0)
        out.field(stamp)
        out.field(nil)
        out.field(Int(value.magnitude % UInt64(Int.max)))
        #expect(String(decoding: out.bytes, as: UTF8.self) == "\t\(Manifest.text(stamp))\t-\t\(value.magnitude % UInt64(Int.max))")
    }
}

extension Manifest {
    /// A stamp as the encoder wrote it before `ManifestWriter`, through
    /// string interpolation: the reference the writer and reader must match.
    static func text(_ stamp: FileStamp?) -> String {
        guard let stamp else { return "-" }
        return "\(stamp.device):\(stamp.inode):\(stamp.size):\(stamp.modified):\(stamp.changed)"
    }
}
