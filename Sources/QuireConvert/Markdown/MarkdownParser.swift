import Foundation
import CCmarkGFM

/// Parses GitHub-flavoured Markdown with libcmark-gfm into a `Document`.
/// The C tree lives only inside `parse`: it is walked, copied into Swift
/// values and freed before the function returns.
public enum MarkdownParser {
    public struct Options: Sendable, Equatable {
        /// Curly quotes, en and em dashes, ellipses.
        public var smartPunctuation = false
        /// Blocks nested deeper than this are flattened to text, so a hostile
        /// post cannot exhaust the stack of the thread that renders it.
        public var maximumNesting = 64

        public init(smartPunctuation: Bool = false, maximumNesting: Int = 64) {
            self.smartPunctuation = smartPunctuation
            self.maximumNesting = maximumNesting
        }
    }

    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// libcmark-gfm 0.29 keeps its table of special inline characters in a
    /// global that each parser changes while it finishes (fixed upstream in
    /// github/cmark-gfm#176): two parses at once in one process garble each
    /// other's tables, strikethrough and autolinks. One at a time, then;
    /// worker processes each have their own copy and run in parallel.
    private static let cmarkLock = NSLock()

    /// The GFM extensions, registered and looked up once per process.
    /// Registering numbers the extensions' node types in libcmark-gfm's
    /// globals (`cmark_syntax_extension_add_node`) behind an unguarded
    /// `registered` flag: two first parses at once register twice and
    /// renumber table nodes under each other's feet. A C reproduction (8
    /// threads, parses under a mutex) aborted in 51 of 1,000 runs, on
    /// `table.c:755` and on `blocks.c:282 finalize` (the abort seen once in a
    /// test run); registered once, 0 of 1,000. A `static let` is initialised
    /// exactly once, whichever thread comes first. The pointers are to
    /// libcmark-gfm's own registry, which lives as long as the process.
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        return extensionNames.compactMap { cmark_find_syntax_extension($0) }
    }()

    public static func parse(_ markdown: String, options: Options = Options()) -> Document {
        var flags = CMARK_OPT_FOOTNOTES
        if options.smartPunctuation { flags |= CMARK_OPT_SMART }
        guard let parser = cmark_parser_new(flags) else { return Document(blocks: []) }
        defer { cmark_parser_free(parser) }
        for ext in extensions { cmark_parser_attach_syntax_extension(parser, ext) }
        var bytes = markdown
        cmarkLock.lock()
        bytes.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        let finished = cmark_parser_finish(parser)
        cmarkLock.unlock()
        guard let root = finished else { return Document(blocks: []) }
        defer { cmark_node_free(root) }
        var builder = TreeBuilder(maximumNesting: options.maximumNesting)
        return builder.document(from: root)
    }
}

private typealias CNode = UnsafeMutablePointer<cmark_node>

/// Copies a cmark node tree into `Document` values.
private struct TreeBuilder {
    let maximumNesting: Int
    var headingIDs = HeadingIDs()
    /// Footnote definitions by identity, numbered by first reference.
    var footnoteNumbers: [CNode: Int] = [:]
    var footnoteOrder: [CNode] = []

    init(maximumNesting: Int) {
        self.maximumNesting = maximumNesting
    }

    mutating func document(from root: CNode) -> Document {
        let blocks = self.blocks(of: root, depth: 0)
        // Definitions may reference further footnotes, which join the end.
        var footnotes: [Footnote] = []
        var index = 0
        while index < footnoteOrder.count {
            let definition = footnoteOrder[index]
            footnotes.append(Footnote(label: literal(definition), blocks: self.blocks(of: definition, depth: 1)))
            index += 1
        }
        return Document(blocks: blocks, footnotes: footnotes)
    }

    // MARK: Blocks

    mutating func blocks(of node: CNode, depth: Int) -> [Block] {
        if depth > maximumNesting {
            let text = plainText(of: node)
            return text.isEmpty ? [] : [.paragraph([.text(text)])]
        }
        var out: [Block] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            if let block = block(current, depth: depth) { out.append(block) }
            child = cmark_node_next(current)
        }
        return out
    }

    mutating func block(_ node: CNode, depth: Int) -> Block? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            let content = inlines(of: node, depth: depth)
            return isTableOfContentsPlaceholder(content) ? .tableOfContents : .paragraph(content)
        case CMARK_NODE_HEADING:
            let content = inlines(of: node, depth: depth)
            let id = headingIDs.next(for: content.plainText)
            return .heading(level: Int(cmark_node_get_heading_level(node)), id: id, content: content)
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(of: node, depth: depth + 1))
        case CMARK_NODE_LIST:
            return .list(list(node, depth: depth))
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            return .code(language: language, text: literal(node))
        case CMARK_NODE_HTML_BLOCK:
            let html = literal(node)
            return Self.isTOCTag(html) ? .tableOfContents : .html(html)
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            return nil  // rendered where first referenced, from `footnoteOrder`
        default:
            if isType(node, "table") { return .table(table(node, depth: depth)) }
            let text = plainText(of: node)
            return text.isEmpty ? nil : .paragraph([.text(text)])
        }
    }

    mutating func list(_ node: CNode, depth: Int) -> Block.List {
        let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        let items = children(of: node).map { item -> Block.ListItem in
            let isTask = isType(item, "tasklist")
            let checked: Bool? = isTask ? cmark_gfm_extensions_get_tasklist_item_checked(item) : nil
            return Block.ListItem(checked: checked, blocks: blocks(of: item, depth: depth + 1))
        }
        return Block.List(ordered: ordered, start: Int(cmark_node_get_list_start(node)),
                          tight: cmark_node_get_list_tight(node) != 0, items: items)
    }

    mutating func table(_ node: CNode, depth: Int) -> Block.Table {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [Block.Table.Alignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for column in 0..<columns {
                switch UInt8(raw[column]) {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        }
        var header: [Block.Table.Cell] = []
        var rows: [[Block.Table.Cell]] = []
        for row in children(of: node) {
            let cells = children(of: row).map { inlines(of: $0, depth: depth + 1) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        return Block.Table(alignments: alignments, header: header, rows: rows)
    }

    // MARK: Inlines

    mutating func inlines(of node: CNode, depth: Int) -> [Inline] {
        if depth > maximumNesting {
            let text = plainText(of: node)
            return text.isEmpty ? [] : [.text(text)]
        }
        var out: [Inline] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            child = cmark_node_next(current)
            guard let inline = inline(current, depth: depth) else { continue }
            // cmark splits text at brackets and entities; merging keeps the
            // tree small and the renderers' output clean.
            if case let .text(next) = inline, case let .text(previous)? = out.last {
                out[out.count - 1] = .text(previous + next)
            } else {
                out.append(inline)
            }
        }
        return out
    }

    mutating func inline(_ node: CNode, depth: Int) -> Inline? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(literal(node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal(node))
        case CMARK_NODE_HTML_INLINE: return .html(literal(node))
        case CMARK_NODE_EMPH: return .emphasis(inlines(of: node, depth: depth + 1))
        case CMARK_NODE_STRONG: return .strong(inlines(of: node, depth: depth + 1))
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)),
                         title: string(cmark_node_get_title(node)),
                         content: inlines(of: node, depth: depth + 1))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)),
                          title: string(cmark_node_get_title(node)),
                          alt: plainText(of: node))
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            guard let definition = node.pointee.parent_footnote_def
            else { return .text("[^" + literal(node) + "]") }
            let key = definition
            if let number = footnoteNumbers[key] { return .footnoteReference(number) }
            footnoteOrder.append(key)
            footnoteNumbers[key] = footnoteOrder.count
            return .footnoteReference(footnoteOrder.count)
        default:
            if isType(node, "strikethrough") {
                return .strikethrough(inlines(of: node, depth: depth + 1))
            }
            let text = plainText(of: node)
            return text.isEmpty ? nil : .text(text)
        }
    }

    // MARK: The placeholder

    /// `<toc>`, `<toc/>` or `<toc />` alone, as the writer's HTML block.
    static func isTOCTag(_ html: String) -> Bool {
        let compact = html.lowercased().filter { !$0.isWhitespace }
        return compact == "<toc>" || compact == "<toc/>" || compact == "<toc></toc>"
    }

    func isTableOfContentsPlaceholder(_ content: [Inline]) -> Bool {
        if content.count == 1, case let .html(html) = content[0] { return Self.isTOCTag(html) }
        guard content.allSatisfy({ if case .text = $0 { return true } else { return false } }) else { return false }
        let text = content.plainText.trimmingSpaces()
        return text == "[[toc]]" || text == "[TOC]" || text == "[[TOC]]"
    }

    // MARK: C access, kept in one place

    func children(of node: CNode) -> [CNode] {
        var out: [CNode] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            out.append(current)
            child = cmark_node_next(current)
        }
        return out
    }

    func literal(_ node: CNode) -> String {
        string(cmark_node_get_literal(node))
    }

    /// Whether an extension's node is of the type named `name` (`table`,
    /// `tasklist`, `strikethrough`): compared as C strings, without making
    /// a Swift string per node.
    func isType(_ node: CNode, _ name: StaticString) -> Bool {
        guard let type = cmark_node_get_type_string(node) else { return false }
        // A string literal's bytes end in NUL, as a C string's do.
        return strcmp(type, UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// All text below `node`, iteratively: used where the tree is too deep to
    /// walk by recursion.
    func plainText(of node: CNode) -> String {
        var out = ""
        guard let iterator = cmark_iter_new(node) else { return out }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK: out += literal(current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
            default: break
            }
        }
        return out
    }
}
