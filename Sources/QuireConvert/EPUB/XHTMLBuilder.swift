/// Builds a chapter's XHTML nodes straight from the parsed `Document`, for
/// posts without raw HTML: quire made every element of such a post itself,
/// so there is nothing to sanitise, and rendering HTML only for libxml2 to
/// parse it back (the old chain, still used for raw HTML) is wasted work.
///
/// The nodes are exactly what `XHTMLSanitizer.sanitize(HTMLRenderer.render(
/// document))` gives for the same document: the same elements and
/// attributes (through the same allow-list rules), and one text node for
/// each run of characters between two tags, as libxml2 makes them. So the
/// books are byte for byte the same; `XHTMLBuilderTests` holds the two
/// chains to that on hand-made documents and on the whole corpus.
///
/// Returns nil, and the caller takes the old chain, for what it does not
/// build: raw HTML, a link inside a link, elements nested deeper than the
/// sanitiser keeps.
///
/// `write(_:tocDepth:forceTableOfContents:into:)` is the same walk for a
/// book of one post: each element and run of text goes to a
/// `ChapterWriter` as it is made, and no node is.
struct XHTMLBuilder {
    static func nodes(of document: Document, tocDepth: Int, forceTableOfContents: Bool) -> (nodes: [XHTMLNode], size: Int)? {
        var builder = XHTMLBuilder(document: document, tocDepth: tocDepth)
        var body = Level()
        if forceTableOfContents && !document.hasTableOfContentsPlaceholder {
            builder.tableOfContents(into: &body, depth: 0)
        }
        builder.blocks(document.blocks, tight: false, into: &body, depth: 0)
        builder.footnotes(into: &body)
        if builder.failed { return nil }
        return (body.finish(&builder.size), builder.size)
    }

    /// The same walk with every element and text written by `writer`
    /// instead of made a node (a book of one post: see `ChapterWriter`).
    /// Nil when the builder or the writer gave up; the caller then makes
    /// the nodes, from a linker and pictures the writer did not touch.
    static func write(_ document: Document, tocDepth: Int, forceTableOfContents: Bool,
                      into writer: consuming ChapterWriter) -> ChapterWriter? {
        var builder = XHTMLBuilder(document: document, tocDepth: tocDepth)
        builder.writer = writer
        var body = Level()
        if forceTableOfContents && !document.hasTableOfContentsPlaceholder {
            builder.tableOfContents(into: &body, depth: 0)
        }
        builder.blocks(document.blocks, tight: false, into: &body, depth: 0)
        builder.footnotes(into: &body)
        builder.flush(&body)
        guard !builder.failed, let written = builder.writer, !written.failed else { return nil }
        return written
    }

    /// The children of one element while they are made: the finished nodes
    /// and the characters since the last tag, which become one text node
    /// when the next tag (or the end) comes.
    struct Level {
        var nodes: [XHTMLNode] = []
        var run = ""

        mutating func flush(_ size: inout Int) {
            guard !run.isEmpty else { return }
            let text = XMLText.clean(run)
            if !text.isEmpty {
                size += text.utf8.count
                nodes.append(.text(text))
            }
            run = ""
        }

        mutating func finish(_ size: inout Int) -> [XHTMLNode] {
            flush(&size)
            return nodes
        }
    }

    private let document: Document
    private let tocDepth: Int
    private var footnoteReferenceCounts: [Int: Int] = [:]
    /// Links the inlines being built are inside: there a footnote reference
    /// is no link of its own, as `HTMLRenderer` writes it.
    private var linkDepth = 0
    /// Set when the document holds something only the old chain makes.
    private var failed = false
    /// When set, elements and text go to it as they come, not into nodes.
    private var writer: ChapterWriter?
    /// About the serialised size: text bytes and a little per element.
    private var size = 0

    private init(document: Document, tocDepth: Int) {
        self.document = document
        self.tocDepth = tocDepth
    }

    /// Closes `parent`'s text run, checks the depth, and appends the
    /// element once `fill` has made its children.
    private mutating func element(_ name: String, _ attributes: [XHTMLAttribute] = [], into parent: inout Level,
                                  depth: Int, _ fill: (inout XHTMLBuilder, inout Level) -> Void) {
        flush(&parent)
        // The sanitiser reduces deeper elements to text (and libxml2 stops
        // at 256): the old chain does what they need.
        if depth > XHTMLSanitizer.maximumDepth { failed = true; return }
        if writer != nil {
            writer!.open(name, attributes)
            var inner = Level()
            fill(&self, &inner)
            flush(&inner)
            writer!.close(name)
            return
        }
        var inner = Level()
        fill(&self, &inner)
        size += 2 * name.utf8.count + 5 + Self.size(of: attributes)
        parent.nodes.append(.element(XHTMLElement(name: name, attributes: attributes, children: inner.finish(&size))))
    }

    private mutating func void(_ name: String, _ attributes: [XHTMLAttribute], into parent: inout Level, depth: Int) {
        flush(&parent)
        if depth > XHTMLSanitizer.maximumDepth { failed = true; return }
        if writer != nil {
            writer!.void(name, attributes)
            return
        }
        size += name.utf8.count + 4 + Self.size(of: attributes)
        parent.nodes.append(.element(XHTMLElement(name: name, attributes: attributes)))
    }

    /// `level.flush`, or the run written, when there is a writer.
    private mutating func flush(_ level: inout Level) {
        if writer != nil {
            // Not cleaned first: the writer's escaping drops what cleaning
            // would (see `ChapterWriter.text`).
            guard !level.run.isEmpty else { return }
            writer!.text(level.run)
            level.run = ""
        } else {
            level.flush(&size)
        }
    }

    private static func size(of attributes: [XHTMLAttribute]) -> Int {
        var total = 0
        for attribute in attributes { total += attribute.name.utf8.count + attribute.value.utf8.count + 4 }
        return total
    }

    // MARK: Blocks (as HTMLRenderer writes them)

    private mutating func blocks(_ blocks: [Block], tight: Bool, into out: inout Level, depth: Int) {
        for block in blocks where !failed { self.block(block, tight: tight, into: &out, depth: depth) }
    }

    private mutating func block(_ block: Block, tight: Bool, into out: inout Level, depth: Int) {
        switch block {
        case let .paragraph(content):
            if tight {
                inlines(content, into: &out, depth: depth, parent: "")
                out.run += "\n"
            } else {
                element("p", into: &out, depth: depth) { $0.inlines(content, into: &$1, depth: depth + 1, parent: "p") }
                out.run += "\n"
            }
        case let .heading(level, id, content):
            guard (1...6).contains(level) else { failed = true; return }
            let name = Self.headingNames[level - 1]
            // The old chain cleaned the whole HTML before the sanitiser
            // checked any value: clean, then check.
            let id = XMLText.clean(id)
            let attributes = XHTMLSanitizer.isValidID(id) ? [XHTMLAttribute(name: "id", value: id)] : []
            element(name, attributes, into: &out, depth: depth) { $0.inlines(content, into: &$1, depth: depth + 1, parent: name) }
            out.run += "\n"
        case let .blockQuote(children):
            element("blockquote", into: &out, depth: depth) { builder, inner in
                inner.run += "\n"
                builder.blocks(children, tight: false, into: &inner, depth: depth + 1)
            }
            out.run += "\n"
        case let .list(list):
            self.list(list, into: &out, depth: depth)
        case let .code(language, text):
            let attributes: [XHTMLAttribute]
            if let language, !language.isEmpty {
                attributes = XHTMLSanitizer.allowedAttributes(name: "code", [("class", XMLText.clean("language-" + language))])
            } else {
                attributes = []
            }
            element("pre", into: &out, depth: depth) { builder, pre in
                builder.element("code", attributes, into: &pre, depth: depth + 1) { _, code in code.run += text }
            }
            out.run += "\n"
        case .html:
            failed = true
        case .thematicBreak:
            void("hr", [], into: &out, depth: depth)
            out.run += "\n"
        case let .table(table):
            self.table(table, into: &out, depth: depth)
        case .tableOfContents:
            tableOfContents(into: &out, depth: depth)
        }
    }

    private static let headingNames = ["h1", "h2", "h3", "h4", "h5", "h6"]

    private mutating func list(_ list: Block.List, into out: inout Level, depth: Int) {
        let isTaskList = list.items.contains { $0.checked != nil }
        var raw: [(String, String)] = []
        if isTaskList { raw.append(("class", "task-list")) }
        if list.ordered && list.start != 1 { raw.append(("start", String(list.start))) }
        let name = list.ordered ? "ol" : "ul"
        let attributes = raw.isEmpty ? [] : XHTMLSanitizer.allowedAttributes(name: name, raw)
        element(name, attributes, into: &out, depth: depth) { builder, items in
            items.run += "\n"
            for item in list.items {
                let itemAttributes = item.checked == nil ? [] : [XHTMLAttribute(name: "class", value: "task")]
                builder.element("li", itemAttributes, into: &items, depth: depth + 1) { builder, li in
                    if let checked = item.checked {
                        // The sanitiser's reading of the renderer's check box.
                        builder.flush(&li)
                        if builder.writer != nil {
                            builder.writer!.text(checked ? "☑" : "☐")
                        } else {
                            li.nodes.append(.text(checked ? "☑" : "☐"))
                        }
                        li.run += " "
                    }
                    if !list.tight { li.run += "\n" }
                    builder.blocks(item.blocks, tight: list.tight, into: &li, depth: depth + 2)
                    // The renderer drops the item's last newline in a tight
                    // list; it is always in the text since the last tag.
                    if list.tight, li.run.endsWithLineFeed { li.run.removeLast() }
                }
                items.run += "\n"
            }
        }
        out.run += "\n"
    }

    private mutating func table(_ table: Block.Table, into out: inout Level, depth: Int) {
        element("table", into: &out, depth: depth) { builder, parts in
            parts.run += "\n"
            if !table.header.isEmpty {
                builder.element("thead", into: &parts, depth: depth + 1) { builder, head in
                    head.run += "\n"
                    builder.row(table.header, cell: "th", alignments: table.alignments, into: &head, depth: depth + 2)
                }
                parts.run += "\n"
            }
            if !table.rows.isEmpty {
                builder.element("tbody", into: &parts, depth: depth + 1) { builder, body in
                    body.run += "\n"
                    for cells in table.rows {
                        builder.row(cells, cell: "td", alignments: table.alignments, into: &body, depth: depth + 2)
                    }
                }
                parts.run += "\n"
            }
        }
        out.run += "\n"
    }

    private static let alignmentStyles: [Block.Table.Alignment: [XHTMLAttribute]] = [
        .none: [],
        .left: [XHTMLAttribute(name: "style", value: "text-align: left")],
        .center: [XHTMLAttribute(name: "style", value: "text-align: center")],
        .right: [XHTMLAttribute(name: "style", value: "text-align: right")],
    ]

    private mutating func row(_ cells: [Block.Table.Cell], cell tag: String, alignments: [Block.Table.Alignment],
                              into out: inout Level, depth: Int) {
        element("tr", into: &out, depth: depth) { builder, row in
            row.run += "\n"
            for (column, content) in cells.enumerated() {
                let alignment = column < alignments.count ? alignments[column] : .none
                builder.element(tag, Self.alignmentStyles[alignment] ?? [], into: &row, depth: depth + 1) {
                    $0.inlines(content, into: &$1, depth: depth + 2, parent: tag)
                }
                row.run += "\n"
            }
        }
        out.run += "\n"
    }

    private mutating func tableOfContents(into out: inout Level, depth: Int) {
        let toc = TableOfContents(headings: document.headings, depth: tocDepth)
        guard !toc.isEmpty else { return }
        let attributes = [XHTMLAttribute(name: "class", value: "toc"), XHTMLAttribute(name: "aria-label", value: "Contents")]
        element("nav", attributes, into: &out, depth: depth) { builder, nav in
            nav.run += "\n"
            builder.tocEntries(toc.entries, into: &nav, depth: depth + 1)
        }
        out.run += "\n"
    }

    private mutating func tocEntries(_ entries: [TableOfContents.Entry], into out: inout Level, depth: Int) {
        element("ul", into: &out, depth: depth) { builder, list in
            list.run += "\n"
            for entry in entries {
                builder.element("li", into: &list, depth: depth + 1) { builder, li in
                    let href = [XHTMLAttribute(name: "href", value: XMLText.clean("#" + entry.heading.id))]
                    builder.element("a", href, into: &li, depth: depth + 2) { _, a in a.run += entry.heading.text }
                    if !entry.children.isEmpty {
                        li.run += "\n"
                        builder.tocEntries(entry.children, into: &li, depth: depth + 2)
                    }
                }
                list.run += "\n"
            }
        }
        out.run += "\n"
    }

    private mutating func footnotes(into out: inout Level) {
        guard !document.footnotes.isEmpty else { return }
        let attributes = [XHTMLAttribute(name: "class", value: "footnotes"), XHTMLAttribute(name: "aria-label", value: "Footnotes")]
        element("section", attributes, into: &out, depth: 0) { builder, section in
            section.run += "\n"
            builder.element("ol", into: &section, depth: 1) { builder, list in
                list.run += "\n"
                for (index, footnote) in builder.document.footnotes.enumerated() {
                    let number = String(index + 1)
                    builder.element("li", [XHTMLAttribute(name: "id", value: "fn-" + number)], into: &list, depth: 2) { builder, li in
                        li.run += "\n"
                        builder.blocks(footnote.blocks, tight: false, into: &li, depth: 3)
                        builder.element("p", [XHTMLAttribute(name: "class", value: "footnote-back")], into: &li, depth: 3) { builder, p in
                            let link = [XHTMLAttribute(name: "href", value: "#fnref-" + number),
                                        XHTMLAttribute(name: "aria-label", value: "Back to text")]
                            builder.element("a", link, into: &p, depth: 4) { _, a in a.run += "↩" }
                        }
                        li.run += "\n"
                    }
                    list.run += "\n"
                }
            }
            section.run += "\n"
        }
        out.run += "\n"
    }

    // MARK: Inlines

    /// `parent` is the name of the element the inlines sit in ("" for a
    /// tight list item's), for the sanitiser's one rule that looks at it:
    /// a link directly inside a link.
    private mutating func inlines(_ inlines: [Inline], into out: inout Level, depth: Int, parent: String) {
        for inline in inlines { self.inline(inline, into: &out, depth: depth, parent: parent) }
    }

    private mutating func inline(_ inline: Inline, into out: inout Level, depth: Int, parent: String) {
        switch inline {
        case let .text(text):
            out.run += text
        case .softBreak:
            out.run += "\n"
        case .lineBreak:
            void("br", [], into: &out, depth: depth)
            out.run += "\n"
        case let .code(code):
            element("code", into: &out, depth: depth) { _, inner in inner.run += code }
        case .html:
            failed = true
        case let .emphasis(children):
            element("em", into: &out, depth: depth) { $0.inlines(children, into: &$1, depth: depth + 1, parent: "em") }
        case let .strong(children):
            element("strong", into: &out, depth: depth) { $0.inlines(children, into: &$1, depth: depth + 1, parent: "strong") }
        case let .strikethrough(children):
            element("del", into: &out, depth: depth) { $0.inlines(children, into: &$1, depth: depth + 1, parent: "del") }
        case let .link(destination, title, content):
            // The sanitiser unwraps a link directly inside a link; rare
            // enough to leave to it.
            if parent == "a" { failed = true; return }
            var attributes = [XHTMLAttribute(name: "href", value: URLSafety.isSafe(destination) ? XMLText.clean(destination) : "#")]
            if !title.isEmpty { attributes.append(XHTMLAttribute(name: "title", value: XMLText.clean(title))) }
            linkDepth += 1
            element("a", attributes, into: &out, depth: depth) { $0.inlines(content, into: &$1, depth: depth + 1, parent: "a") }
            linkDepth -= 1
        case let .image(source, title, alt):
            // Books give the renderer no image sources to rewrite.
            let safe = !source.isEmpty && URLSafety.isSafe(source, forImage: true)
            var attributes = [XHTMLAttribute(name: "src", value: safe ? XMLText.clean(source) : "about:invalid"),
                              XHTMLAttribute(name: "alt", value: XMLText.clean(alt))]
            if !title.isEmpty { attributes.append(XHTMLAttribute(name: "title", value: XMLText.clean(title))) }
            void("img", attributes, into: &out, depth: depth)
        case let .footnoteReference(number):
            let seen = footnoteReferenceCounts[number, default: 0] + 1
            footnoteReferenceCounts[number] = seen
            let id = seen == 1 ? "fnref-\(number)" : "fnref-\(number)-\(seen)"
            if linkDepth > 0 {
                let sup = [XHTMLAttribute(name: "class", value: "footnote-ref"), XHTMLAttribute(name: "id", value: id)]
                element("sup", sup, into: &out, depth: depth) { _, sup in sup.run += String(number) }
                return
            }
            element("sup", [XHTMLAttribute(name: "class", value: "footnote-ref")], into: &out, depth: depth) { builder, sup in
                let link = [XHTMLAttribute(name: "href", value: "#fn-\(number)"), XHTMLAttribute(name: "id", value: id)]
                builder.element("a", link, into: &sup, depth: depth + 1) { _, a in a.run += String(number) }
            }
        }
    }
}
