import Foundation
import QuireConvert
import Yams

/// Walks the composed YAML tree with line numbers at hand.
struct ConfigNodeReader {
    var file: String?
    var folder: String

    func error(_ node: Node, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, message: message)
    }

    /// Counts nodes as alias expansion would visit them, and stops early.
    func count(_ root: Node) throws(ConfigError) {
        var seen = 0
        var stack = [root]
        while let node = stack.popLast() {
            seen += 1
            if seen > Config.nodeBudget {
                throw error(root, "the configuration expands to more than \(Config.nodeBudget) values (nested aliases?)")
            }
            switch node {
            case let .mapping(mapping): for (k, v) in mapping { stack.append(k); stack.append(v) }
            case let .sequence(sequence): stack.append(contentsOf: sequence)
            default: break
            }
        }
    }

    /// The pairs of a mapping as (key, value), refusing unknown and repeated keys.
    func pairs(_ mapping: Node.Mapping, known: [String], in place: String) throws(ConfigError) -> [(String, Node)] {
        var seen: Set<String> = []
        var out: [(String, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string, case .scalar = keyNode else {
                throw error(keyNode, "keys must be plain words")
            }
            guard known.contains(key) else {
                var message = "unknown key \"\(key)\" in \(place)"
                if let near = Self.nearest(key, in: known) { message += " (did you mean \"\(near)\"?)" }
                else { message += " (known: \(known.joined(separator: ", ")))" }
                throw error(keyNode, message)
            }
            guard seen.insert(key).inserted else { throw error(keyNode, "\"\(key)\" is given twice") }
            out.append((key, value))
        }
        return out
    }

    func string(_ node: Node, _ key: String) throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node, node.tag != .init(.null) || !scalar.string.isEmpty else {
            throw error(node, "\(key): expected text")
        }
        return scalar.string
    }

    func path(_ node: Node, _ key: String) throws(ConfigError) -> String {
        let text = try string(node, key)
        guard !text.isEmpty else { throw error(node, "\(key): expected a path") }
        let expanded = text.hasPrefix("~/") ? NSHomeDirectory() + text.dropFirst(1) : text
        return Paths.absolute(expanded, base: folder)
    }

    func paths(_ node: Node, _ key: String) throws(ConfigError) -> [String] {
        if case let .sequence(sequence) = node {
            var out: [String] = []
            for item in sequence { out.append(try path(item, key)) }
            return out
        }
        return [try path(node, key)]
    }

    func bool(_ node: Node, _ key: String) throws(ConfigError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error(node, "\(key): expected true or false") }
        return value
    }

    func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard case .scalar = node, let value = node.int, range.contains(value) else {
            throw error(node, "\(key): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `5`, `5s`, `1.5s`, `200ms`, `2m`.
    func seconds(_ node: Node, _ key: String) throws(ConfigError) -> Double {
        let text = try string(node, key).trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            if let number = Double(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), number >= 0 {
                return number * scale
            }
        }
        if let number = Double(text), number >= 0 { return number }
        throw error(node, "\(key): expected a duration such as 5s or 200ms")
    }

    /// `512MB`, `1GB`, `65536` (bytes), `512` with no unit is megabytes.
    func bytes(_ node: Node, _ key: String) throws(ConfigError) -> Int {
        let text = try string(node, key).trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            if let number = Double(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), number > 0 {
                return Int(number * Double(scale))
            }
        }
        if let number = Int(text), number > 0 { return number << 20 }
        throw error(node, "\(key): expected a size such as 512MB")
    }

    func limits(_ node: Node) throws(ConfigError) -> Config.Limits {
        guard case let .mapping(mapping) = node else { throw error(node, "limits: expected time and memory") }
        var limits = Config.Limits()
        for (key, value) in try pairs(mapping, known: Config.limitKeys, in: "limits") {
            if key == "time" {
                limits.time = try seconds(value, "limits.time")
                guard limits.time > 0 else { throw error(value, "limits.time: must be more than 0") }
            } else {
                limits.memory = try bytes(value, "limits.memory")
            }
        }
        return limits
    }

    func targets(_ node: Node) throws(ConfigError) -> [Target] {
        guard case let .sequence(sequence) = node, !sequence.isEmpty else {
            throw error(node, "targets: expected a list such as - { format: html, path: Output/html }")
        }
        var out: [Target] = []
        for item in sequence {
            guard case let .mapping(mapping) = item else {
                throw error(item, "targets: each target is a mapping with format and path")
            }
            var format: OutputFormat?
            var path: String?
            var layout = Target.Layout.pretty
            for (key, value) in try pairs(mapping, known: Config.targetKeys, in: "a target") {
                switch key {
                case "format":
                    let name = try string(value, key)
                    guard let found = OutputFormat(rawValue: name) else {
                        throw error(value, "format: unknown format \"\(name)\" (use html, epub or text)")
                    }
                    format = found
                case "path": path = try self.path(value, key)
                default:
                    let name = try string(value, key)
                    guard let found = Target.Layout(rawValue: name) else {
                        throw error(value, "layout: expected pretty or flat, got \"\(name)\"")
                    }
                    layout = found
                }
            }
            guard let format else { throw error(item, "a target needs a format (html, epub or text)") }
            guard let path else { throw error(item, "a target needs a path") }
            let target = Target(format: format, path: path, layout: layout)
            guard !out.contains(where: { $0.key == target.key }) else {
                throw error(item, "the \(format.rawValue) target \(Paths.display(path)) is listed twice")
            }
            out.append(target)
        }
        return out
    }

    /// The known key closest to a typo, if one is close.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let saved = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = saved
                }
            }
            return row[b.count]
        }
        let scored = candidates.map { ($0, distance(Array(word.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, word.count / 3) else { return nil }
        return best.0
    }
}
