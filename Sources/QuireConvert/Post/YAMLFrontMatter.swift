import Foundation
import Yams

/// YAML front matter to `FrontMatterValue`s, with aliases counted, never
/// blindly expanded.
///
/// Yams composes aliases by sharing the anchored node, which is cheap, but
/// it checks every mapping for duplicate keys by hashing the keys, and a key
/// that is an alias of a "billion laughs" node is hashed node by node: that
/// alone runs for minutes. So the text Yams sees has every alias `*name`
/// rewritten to a plain scalar `<marker>name` (one character for one, so
/// line and column marks stay true). Yams then composes a tree without a
/// single alias, and `Expansion` resolves the markers itself, counting every
/// node an alias stands for against `Limits.maximumFrontMatterNodes`.
enum YAMLFrontMatter {
    /// YAML 1.2's booleans: `title: Yes` and `title: On` stay text (YAML
    /// 1.1 would read them as `true`). `draft: yes` is still understood by
    /// `PostReader`, which reads such words where it expects a flag.
    private static let resolver: Resolver = {
        // swiftlint:disable:next force_try
        try! Resolver.default
            .replacing(.bool, with: "^(?:true|True|TRUE|false|False|FALSE)$")
            .removing(.value)
    }()

    /// Yams reads the process environment (`YAMS_DEFAULT_ENCODING`) every
    /// time its default encoding is asked for, and builds a new constructor
    /// with its tables for every parser: 2.4 % of `convert --to html`. Both
    /// are the same for every post, so they are made once per process. The
    /// constructor only holds tables that are read, never changed.
    private nonisolated(unsafe) static let encoding = Parser.Encoding.default
    private nonisolated(unsafe) static let constructor = Constructor.default

    static func parse(_ frontMatter: FrontMatter, path: String, limits: Limits) throws(ConversionError) -> [String: FrontMatterValue] {
        if let simple = parseSimple(frontMatter.text, limits: limits) { return simple }
        return try parseWithYams(frontMatter, path: path, limits: limits)
    }

    /// The general path: any YAML, through Yams and `Expansion`.
    static func parseWithYams(_ frontMatter: FrontMatter, path: String, limits: Limits) throws(ConversionError) -> [String: FrontMatterValue] {
        let text = frontMatter.text
        let lineOffset = frontMatter.firstLine - 1
        let (sanitised, marker) = AliasMarker.rewrite(text)
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: sanitised, resolver: resolver, constructor: constructor, encoding: encoding)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw conversionError(error, path: path, lineOffset: lineOffset)
        } catch {
            throw ConversionError(path: path, line: frontMatter.firstLine, reason: .frontMatter("YAML: \(error)"))
        }
        // Yams holds anchors weakly; the parser owns them until we are done.
        return try withExtendedLifetime(parser) { () throws(ConversionError) -> [String: FrontMatterValue] in
            guard let root else { return [:] }
            var expansion = Expansion(marker: marker, path: path, lineOffset: lineOffset, limits: limits)
            let value = try expansion.value(of: root, depth: 0)
            switch value {
            case let .table(table): return table
            case .null: return [:]
            default:
                throw ConversionError(path: path, line: frontMatter.firstLine,
                                      reason: .frontMatter("YAML front matter must be keys with values (`title: …`)"))
            }
        }
    }

    private static func conversionError(_ error: YamlError, path: String, lineOffset: Int) -> ConversionError {
        func make(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> ConversionError {
            var message = "YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            message += ", column \(mark.column)"
            return ConversionError(path: path, line: mark.line + lineOffset, reason: .frontMatter(message))
        }
        switch error {
        case let .scanner(context, problem, mark, _): return make(problem, context, mark)
        case let .parser(context, problem, mark, _): return make(problem, context, mark)
        case let .composer(context, problem, mark, _): return make(problem, context, mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConversionError(path: path, line: context.mark.line + lineOffset,
                                   reason: .frontMatter("YAML: duplicate key \(duplicates.joined(separator: ", "))"))
        case let .reader(problem, _, _, _):
            return ConversionError(path: path, line: lineOffset + 1, reason: .frontMatter("YAML: \(problem)"))
        default:
            return ConversionError(path: path, line: lineOffset + 1, reason: .frontMatter("YAML: \(error)"))
        }
    }
}
