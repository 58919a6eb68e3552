import Foundation

/// The manifest on disk: one record a line, fields split by tabs, so that a
/// thousand posts load and save in a few milliseconds (JSONDecoder and
/// JSONEncoder took 60 ms each for the 1,042-post corpus) and a person can
/// still read it with `less` or `grep`.
///
/// ```
/// quire manifest 2
/// generator  <build of quire>
/// target     <key> <1 if it has a state record>      numbered from 0 in order
/// folder     <target number> <path>
/// pending    <target number> <path>
/// known      <absolute path> <hash> <stamp>          images and templates
/// post       <path> <source hash> <templates hash> <draft 0|1> <stamp>
/// asset      <absolute path> <hash>                   of the post above
/// output     <target number> <config> <inputs>        of the post above
/// uses       <absolute path>                          of the output above
/// file       <path> <hash> <image 0|1>                of the output above
/// end        <The `ContentHash` of every byte before this line>
/// ```
///
/// A stamp is `-` or `device:inode:size:modified:changed` (nanoseconds). In
/// text fields `\`, tab and line feed are written `\\`, `\t`, `\n`. A file
/// that does not end with a matching checksum line is not read at all.
extension Manifest {
    public struct FormatError: Error, Sendable {
        public var reason: String
    }

    static let header = "quire manifest \(currentVersion)"

    /// The file's bytes. Records are sorted, so the same manifest always
    /// gives the same bytes. Written field by field into one buffer (no
    /// array of strings per line, no string per stamp): the manifest is
    /// saved after every build that changed something, after its last
    /// rename, where a one-post build waits for it.
    func encoded() -> [UInt8] {
        var out = ManifestWriter(capacity: 256 + posts.count * 400)
        out.line([Self.header])
        out.line(["generator", generator])
        var keys = Set(targets.keys)
        for post in posts.values { keys.formUnion(post.targets.keys) }
        let targetKeys = keys.sorted()
        for key in targetKeys {
            out.line(["target", key, targets[key] == nil ? "0" : "1"])
        }
        for (number, key) in targetKeys.enumerated() {
            guard let state = targets[key] else { continue }
            for folder in state.folders { out.record("folder", number, folder) }
            for path in state.pending { out.record("pending", number, path) }
        }
        for (path, known) in files.sorted(by: { $0.key < $1.key }) {
            out.begin("known")
            out.field(path)
            out.field(known.hash)
            out.field(known.stamp)
            out.end()
        }
        for (path, post) in posts.sorted(by: { $0.key < $1.key }) {
            out.begin("post")
            out.field(path)
            out.field(post.source)
            out.field(post.templates)
            out.field(post.draft ? "1" : "0")
            out.field(post.stamp)
            out.end()
            for (asset, hash) in post.assets.sorted(by: { $0.key < $1.key }) {
                out.begin("asset")
                out.field(asset)
                out.field(hash)
                out.end()
            }
            // `targetKeys` is sorted and holds every post's keys.
            for (number, key) in targetKeys.enumerated() {
                guard let output = post.targets[key] else { continue }
                out.begin("output")
                out.field(number)
                out.field(output.config)
                out.field(output.inputs)
                out.end()
                for asset in output.assets {
                    out.begin("uses")
                    out.field(asset)
                    out.end()
                }
                for file in output.files {
                    out.begin("file")
                    out.field(file.path)
                    out.field(file.hash)
                    out.field(file.image ? "1" : "0")
                    out.end()
                }
            }
        }
        out.line(["end", ContentHash.hex(of: out.bytes)])
        return out.bytes
    }

    /// Reads what `encoded()` wrote; anything else is a `FormatError`.
    init(decoding bytes: [UInt8]) throws(FormatError) {
        var reader = try ManifestReader(bytes)
        guard let first = try reader.next(), first.count == 1, first[0] == Self.header else {
            throw FormatError(reason: "not a manifest this quire can read (expected \"\(Self.header)\")")
        }
        self.init(generator: "")
        var targetKeys: [String] = []
        var post: (path: String, record: Post)?
        var output: (key: String, record: Output)?

        func target(_ field: String) throws(FormatError) -> String {
            guard let index = Int(field), targetKeys.indices.contains(index) else {
                throw FormatError(reason: "line \(reader.lineNumber): no target \(field)")
            }
            return targetKeys[index]
        }
        // Moved, not copied: a copy would retain every field of the record.
        func closeOutput() {
            if let done = output.take() { post?.record.targets[done.key] = done.record }
        }
        func closePost() {
            closeOutput()
            if let done = post.take() { posts[done.path] = done.record }
        }

        while let fields = try reader.next() {
            let line = reader.lineNumber
            func expect(_ count: Int) throws(FormatError) {
                guard fields.count == count else {
                    throw FormatError(reason: "line \(line): \(fields.count) fields, expected \(count)")
                }
            }
            func flag(_ field: String) throws(FormatError) -> Bool {
                switch field {
                case "0": return false
                case "1": return true
                default: throw FormatError(reason: "line \(line): \"\(field)\" is not 0 or 1")
                }
            }
            switch fields[0] {
            case "generator":
                try expect(2)
                generator = fields[1]
            case "target":
                try expect(3)
                targetKeys.append(fields[1])
                if try flag(fields[2]) { targets[fields[1]] = TargetState() }
            case "folder", "pending":
                try expect(3)
                let key = try target(fields[1])
                guard targets[key] != nil else { throw FormatError(reason: "line \(line): target \(fields[1]) has no state") }
                if fields[0] == "folder" { targets[key]!.folders.append(fields[2]) } else { targets[key]!.pending.append(fields[2]) }
            case "known":
                try expect(4)
                files[fields[1]] = Known(hash: fields[2], stamp: try Self.stamp(fields[3], line: line))
            case "post":
                try expect(6)
                closePost()
                post = (fields[1], Post(source: fields[2], stamp: try Self.stamp(fields[5], line: line),
                                        templates: fields[3], assets: [:], targets: [:], draft: try flag(fields[4])))
            case "asset":
                try expect(3)
                guard post != nil else { throw FormatError(reason: "line \(line): an asset outside a post") }
                post!.record.assets[fields[1]] = fields[2]
            case "output":
                try expect(4)
                guard post != nil else { throw FormatError(reason: "line \(line): an output outside a post") }
                closeOutput()
                output = (try target(fields[1]), Output(config: fields[2], inputs: fields[3], assets: [], files: []))
            case "uses":
                try expect(2)
                guard output != nil else { throw FormatError(reason: "line \(line): \"uses\" outside an output") }
                output!.record.assets.append(fields[1])
            case "file":
                try expect(4)
                guard output != nil else { throw FormatError(reason: "line \(line): a file outside an output") }
                output!.record.files.append(File(path: fields[1], hash: fields[2], image: try flag(fields[3])))
            default:
                throw FormatError(reason: "line \(line): unknown record \"\(fields[0])\"")
            }
        }
        closePost()
    }

    /// Read byte by byte: a manifest holds a stamp per post and image, and
    /// splitting each into five substrings cost more than the rest of the
    /// line (1.5 ms of a one-post build).
    static func stamp(_ text: String, line: Int) throws(FormatError) -> FileStamp? {
        if text == "-" { return nil }
        // Five fields: device and inode unsigned, size and times signed.
        var magnitudes: [UInt64] = []
        var signs: [Bool] = []
        magnitudes.reserveCapacity(5)
        signs.reserveCapacity(5)
        var value: UInt64 = 0
        var negative = false
        var digits = 0
        var valid = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                valid = !overflow1 && !overflow2
                value = sum
                digits += 1
            case UInt8(ascii: "-") where digits == 0 && !negative && magnitudes.count >= 2:
                negative = true
            case UInt8(ascii: ":") where digits > 0:
                magnitudes.append(value)
                signs.append(negative)
                (value, negative, digits) = (0, false, 0)
            default:
                valid = false
            }
            if !valid { break }
        }
        func signed(_ index: Int) -> Int64? {
            let magnitude = magnitudes[index]
            if signs[index] { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }
        if valid, digits > 0 {
            magnitudes.append(value)
            signs.append(negative)
        }
        guard valid, magnitudes.count == 5, let size = signed(2), let modified = signed(3), let changed = signed(4) else {
            throw FormatError(reason: "line \(line): \"\(text)\" is not a file stamp")
        }
        return FileStamp(device: magnitudes[0], inode: magnitudes[1], size: size, modified: modified, changed: changed)
    }

}
