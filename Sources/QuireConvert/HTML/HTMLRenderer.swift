/// Renders a `Document` as an HTML fragment: the body of a page or, made
/// well-formed, a chapter of a book.
public struct HTMLRenderer {
    public struct Options: Sendable {
        /// Drop the writer's raw HTML instead of passing it through.
        public var safe = false
        /// Levels of headings in the table of contents, counted from `##`.
        public var tocDepth = 3
        /// Put a table of contents at the top even without a placeholder.
        public var forceTableOfContents = false
        /// Image sources to rewrite (for example to where a copy is
        /// published); a source not listed is written as the writer wrote it.
        public var imageSources: [String: String] = [:]
        /// Link destinations to rewrite, for example a link to another post
        /// that becomes a link inside a book.
        public var linkDestinations: [String: String] = [:]

        public init(safe: Bool = false, tocDepth: Int = 3, forceTableOfContents: Bool = false) {
            self.safe = safe
            self.tocDepth = tocDepth
            self.forceTableOfContents = forceTableOfContents
        }
    }

    public static func render(_ document: Document, options: Options = Options()) -> String {
        var renderer = HTMLRenderer(document: document, options: options)
        if options.forceTableOfContents && !document.hasTableOfContentsPlaceholder {
            renderer.tableOfContents()
        }
        renderer.blocks(document.blocks)
        renderer.footnotes()
        return renderer.out
    }

    /// The table of contents alone, as a nested list inside `<nav>`.
    public static func renderTableOfContents(_ toc: TableOfContents) -> String {
        var renderer = HTMLRenderer(document: Document(blocks: []), options: Options())
        renderer.tableOfContents(toc)
        return renderer.out
    }

    private let document: Document
    private let options: Options
    private var out = ""
    private var footnoteReferenceCounts: [Int: Int] = [:]
    /// Links the inlines being written are inside: a footnote reference in a
    /// link's words cannot be a link too (no `a` inside an `a`).
    private var linkDepth = 0

    private init(document: Document, options: Options) {
        self.document = document
        self.options = options
        out.reserveCapacity(4096)
    }

    // MARK: Blocks

    private mutating func blocks(_ blocks: [Block], tight: Bool = false) {
        for block in blocks { self.block(block, tight: tight) }
    }

    private mutating func block(_ block: Block, tight: Bool) {
        switch block {
        case let .paragraph(content):
            if tight {
                inlines(content)
                out += "\n"
            } else {
                out += "<p>"
                inlines(content)
                out += "</p>\n"
            }
        case let .heading(level, id, content):
            out += "<h\(level) id=\"\(Escape.attribute(id))\">"
            inlines(content)
            out += "</h\(level)>\n"
        case let .blockQuote(children):
            out += "<blockquote>\n"
            blocks(children)
            out += "</blockquote>\n"
        case let .list(list):
            self.list(list)
        case let .code(language, text):
            if let language, !language.isEmpty {
                out += "<pre><code class=\"language-\(Escape.attribute(language))\">"
            } else {
                out += "<pre><code>"
            }
            out += Escape.text(text)
            out += "</code></pre>\n"
        case let .html(html):
            if !options.safe { out += TagFilter.apply(html) }
        case .thematicBreak:
            out += "<hr>\n"
        case let .table(table):
            self.table(table)
        case .tableOfContents:
            tableOfContents()
        }
    }

    private mutating func list(_ list: Block.List) {
        let isTaskList = list.items.contains { $0.checked != nil }
        let classAttribute = isTaskList ? " class=\"task-list\"" : ""
        if list.ordered {
            out += list.start == 1 ? "<ol\(classAttribute)>\n" : "<ol\(classAttribute) start=\"\(list.start)\">\n"
        } else {
            out += "<ul\(classAttribute)>\n"
        }
        for item in list.items {
            if let checked = item.checked {
                out += checked
                    ? "<li class=\"task\"><input type=\"checkbox\" checked disabled> "
                    : "<li class=\"task\"><input type=\"checkbox\" disabled> "
            } else {
                out += "<li>"
            }
            if !list.tight { out += "\n" }
            blocks(item.blocks, tight: list.tight)
            if list.tight, out.endsWithLineFeed { out.removeLast() }
            out += "</li>\n"
        }
        out += list.ordered ? "</ol>\n" : "</ul>\n"
    }

    private mutating func table(_ table: Block.Table) {
        out += "<table>\n"
        if !table.header.isEmpty {
            out += "<thead>\n"
            row(table.header, cell: "th", alignments: table.alignments)
            out += "</thead>\n"
        }
        if !table.rows.isEmpty {
            out += "<tbody>\n"
            for cells in table.rows { row(cells, cell: "td", alignments: table.alignments) }
            out += "</tbody>\n"
        }
        out += "</table>\n"
    }

    private mutating func row(_ cells: [Block.Table.Cell], cell tag: String, alignments: [Block.Table.Alignment]) {
        out += "<tr>\n"
        for (column, content) in cells.enumerated() {
            let alignment = column < alignments.count ? alignments[column] : .none
            switch alignment {
            case .none: out += "<\(tag)>"
            case .left: out += "<\(tag) style=\"text-align: left\">"
            case .center: out += "<\(tag) style=\"text-align: center\">"
            case .right: out += "<\(tag) style=\"text-align: right\">"
            }
            inlines(content)
            out += "</\(tag)>\n"
        }
        out += "</tr>\n"
    }

    private mutating func tableOfContents() {
        tableOfContents(TableOfContents(headings: document.headings, depth: options.tocDepth))
    }

    private mutating func tableOfContents(_ toc: TableOfContents) {
        guard !toc.isEmpty else { return }
        out += "<nav class=\"toc\" aria-label=\"Contents\">\n"
        tocEntries(toc.entries)
        out += "</nav>\n"
    }

    private mutating func tocEntries(_ entries: [TableOfContents.Entry]) {
        out += "<ul>\n"
        for entry in entries {
            out += "<li><a href=\"#\(Escape.attribute(entry.heading.id))\">\(Escape.text(entry.heading.text))</a>"
            if !entry.children.isEmpty {
                out += "\n"
                tocEntries(entry.children)
            }
            out += "</li>\n"
        }
        out += "</ul>\n"
    }

    private mutating func footnotes() {
        guard !document.footnotes.isEmpty else { return }
        out += "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n"
        for (index, footnote) in document.footnotes.enumerated() {
            let number = index + 1
            out += "<li id=\"fn-\(number)\">\n"
            blocks(footnote.blocks)
            out += "<p class=\"footnote-back\"><a href=\"#fnref-\(number)\" aria-label=\"Back to text\">↩</a></p>\n"
            out += "</li>\n"
        }
        out += "</ol>\n</section>\n"
    }

    // MARK: Inlines

    private mutating func inlines(_ inlines: [Inline]) {
        for inline in inlines { self.inline(inline) }
    }

    private mutating func inline(_ inline: Inline) {
        switch inline {
        case let .text(text):
            out += Escape.text(text)
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br>\n"
        case let .code(code):
            out += "<code>"
            out += Escape.text(code)
            out += "</code>"
        case let .html(html):
            if !options.safe { out += TagFilter.apply(html) }
        case let .emphasis(children):
            out += "<em>"
            inlines(children)
            out += "</em>"
        case let .strong(children):
            out += "<strong>"
            inlines(children)
            out += "</strong>"
        case let .strikethrough(children):
            out += "<del>"
            inlines(children)
            out += "</del>"
        case let .link(destination, title, content):
            let target = options.linkDestinations[destination] ?? destination
            out += "<a href=\""
            out += Escape.attribute(URLSafety.isSafe(target) ? target : "#")
            out += "\""
            if !title.isEmpty { appendTitle(title) }
            out += ">"
            linkDepth += 1
            inlines(content)
            linkDepth -= 1
            out += "</a>"
        case let .image(source, title, alt):
            let target = options.imageSources[source] ?? source
            // An image that must not load still needs a non-empty `src` to be
            // valid HTML; `about:invalid` loads nothing.
            let safe = !target.isEmpty && URLSafety.isSafe(target, forImage: true)
            out += "<img src=\""
            out += Escape.attribute(safe ? target : "about:invalid")
            out += "\" alt=\""
            out += Escape.attribute(alt)
            out += "\""
            if !title.isEmpty { appendTitle(title) }
            out += ">"
        case let .footnoteReference(number):
            let seen = footnoteReferenceCounts[number, default: 0] + 1
            footnoteReferenceCounts[number] = seen
            let id = seen == 1 ? "fnref-\(number)" : "fnref-\(number)-\(seen)"
            if linkDepth > 0 {
                // Its id stays, for the note's way back to it.
                out += "<sup class=\"footnote-ref\" id=\"\(id)\">\(number)</sup>"
            } else {
                out += "<sup class=\"footnote-ref\"><a href=\"#fn-\(number)\" id=\"\(id)\">\(number)</a></sup>"
            }
        }
    }

    /// ` title="…"`, appended piece by piece: an interpolated string would
    /// be made and freed for each link and image.
    private mutating func appendTitle(_ title: String) {
        out += " title=\""
        out += Escape.attribute(title)
        out += "\""
    }
}
