/// A block-level element of a `Document`.
public enum Block: Sendable, Equatable {
    case paragraph([Inline])
    case heading(level: Int, id: String, content: [Inline])
    case blockQuote([Block])
    case list(List)
    /// A fenced or indented code block; `language` is the first word of the
    /// info string.
    case code(language: String?, text: String)
    /// Raw HTML as the writer typed it. Renderers decide whether it passes,
    /// is sanitised, or is reduced to text.
    case html(String)
    case thematicBreak
    case table(Table)
    /// The `<toc>` placeholder line: renderers put the table of contents here.
    case tableOfContents

    public struct List: Sendable, Equatable {
        public var ordered: Bool
        public var start: Int
        public var tight: Bool
        public var items: [ListItem]

        public init(ordered: Bool, start: Int, tight: Bool, items: [ListItem]) {
            self.ordered = ordered
            self.start = start
            self.tight = tight
            self.items = items
        }
    }

    public struct ListItem: Sendable, Equatable {
        /// nil for an ordinary item; true or false for a task-list item.
        public var checked: Bool?
        public var blocks: [Block]

        public init(checked: Bool?, blocks: [Block]) {
            self.checked = checked
            self.blocks = blocks
        }
    }

    public struct Table: Sendable, Equatable {
        public enum Alignment: Sendable, Equatable { case none, left, center, right }
        public typealias Cell = [Inline]

        public var alignments: [Alignment]
        public var header: [Cell]
        public var rows: [[Cell]]

        public init(alignments: [Alignment], header: [Cell], rows: [[Cell]]) {
            self.alignments = alignments
            self.header = header
            self.rows = rows
        }
    }
}
