import Foundation
import Yams

extension YAMLFrontMatter {
    /// Walks a composed tree in document order, turning nodes into values and
    /// marker scalars back into the anchored values they stand for. Every
    /// node counts once per appearance, so an alias of a thousand-node list
    /// costs a thousand: the walk stops the moment the total passes the
    /// limit, before anything large is built.
    struct Expansion {
        let marker: Character
        let path: String
        let lineOffset: Int
        let limits: Limits
        /// The latest node under each anchor name, with its expanded size.
        var anchors: [String: (value: FrontMatterValue, size: Int)] = [:]
        var count = 0

        init(marker: Character, path: String, lineOffset: Int, limits: Limits) {
            self.marker = marker
            self.path = path
            self.lineOffset = lineOffset
            self.limits = limits
        }

        mutating func value(of node: Node, depth: Int) throws(ConversionError) -> FrontMatterValue {
            try value(sized: node, depth: depth).value
        }

        private func fail(_ message: String, at node: Node) -> ConversionError {
            ConversionError(path: path, line: node.mark.map { $0.line + lineOffset } ?? lineOffset + 1,
                            reason: .frontMatter(message))
        }

        private mutating func add(_ nodes: Int, at node: Node) throws(ConversionError) {
            count += nodes
            if count > limits.maximumFrontMatterNodes {
                throw fail("too many nodes (aliases expand past \(limits.maximumFrontMatterNodes))", at: node)
            }
        }

        private mutating func value(sized node: Node, depth: Int) throws(ConversionError) -> (value: FrontMatterValue, size: Int) {
            if depth > limits.maximumFrontMatterDepth {
                throw fail("nested deeper than \(limits.maximumFrontMatterDepth) levels", at: node)
            }
            let result: (value: FrontMatterValue, size: Int)
            switch node {
            case let .scalar(scalar):
                if let name = aliasName(scalar) {
                    guard let anchored = anchors[name] else { throw fail("YAML: alias *\(name) names no anchor before it", at: node) }
                    try add(anchored.size, at: node)
                    return anchored // an alias cannot carry an anchor of its own
                }
                try add(1, at: node)
                result = (scalarValue(scalar, node: node), 1)
            case let .sequence(sequence):
                try add(1, at: node)
                var items: [FrontMatterValue] = []
                items.reserveCapacity(sequence.count)
                var size = 1
                for child in sequence {
                    let item = try value(sized: child, depth: depth + 1)
                    items.append(item.value)
                    size += item.size
                }
                result = (.array(items), size)
            case let .mapping(mapping):
                try add(1, at: node)
                var table: [String: FrontMatterValue] = [:]
                var merged: [[String: FrontMatterValue]] = []
                var size = 1
                for (keyNode, valueNode) in mapping {
                    let key = try value(sized: keyNode, depth: depth + 1)
                    let item = try value(sized: valueNode, depth: depth + 1)
                    size += key.size + item.size
                    if case let .scalar(keyScalar) = keyNode, keyScalar.string == "<<", keyScalar.style == .plain {
                        // A merge key: `<<: *defaults` or `<<: [*a, *b]`.
                        switch item.value {
                        case let .table(other): merged.append(other)
                        case let .array(list):
                            for case let .table(other) in list { merged.append(other) }
                        default: throw fail("YAML: `<<` must merge a mapping", at: valueNode)
                        }
                        continue
                    }
                    guard let name = key.value.stringValue else {
                        throw fail("YAML: a key must be text, not a list or a mapping", at: keyNode)
                    }
                    table[name] = item.value
                }
                // Keys written in the mapping win over merged ones; earlier merges over later.
                for other in merged {
                    for (key, value) in other where table[key] == nil { table[key] = value }
                }
                result = (.table(table), size)
            case .alias:
                // Composing the rewritten text leaves no aliases.
                throw fail("YAML: unexpected alias", at: node)
            }
            if let anchor = node.anchor {
                anchors[anchor.rawValue] = result
            }
            return result
        }

        private func aliasName(_ scalar: Node.Scalar) -> String? {
            guard scalar.style == .plain, scalar.string.first == marker else { return nil }
            let name = scalar.string.dropFirst()
            guard !name.isEmpty, name.utf8.allSatisfy(AliasMarker.isAnchorByte) else { return nil }
            return String(name)
        }

        private func scalarValue(_ scalar: Node.Scalar, node: Node) -> FrontMatterValue {
            var text = scalar.string
            if text.contains(marker) { text = text.replacingOccurrences(of: String(marker), with: "*") }
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue:
                return .null
            case Tag.Name.bool.rawValue:
                return Bool.construct(from: scalar).map(FrontMatterValue.bool) ?? .string(text)
            case Tag.Name.int.rawValue:
                return Int.construct(from: scalar).map(FrontMatterValue.integer)
                    ?? Double.construct(from: scalar).map(FrontMatterValue.double) ?? .string(text)
            case Tag.Name.float.rawValue:
                return Double.construct(from: scalar).map(FrontMatterValue.double) ?? .string(text)
            case Tag.Name.timestamp.rawValue:
                // Not Yams' Date.construct: it rolls 2020-13-45 over into
                // 2021-02-14. Text that looks like a date but is none stays
                // text, so `date:` reports it as a date that does not parse.
                return PostDate.parse(text).map(FrontMatterValue.date) ?? .string(text)
            default:
                return .string(text)
            }
        }
    }
}
