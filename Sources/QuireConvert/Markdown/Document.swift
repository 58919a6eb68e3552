/// A Markdown post parsed once into Swift values. Every renderer walks this
/// tree; none of them sees a C pointer.
public struct Document: Sendable, Equatable {
    public var blocks: [Block]
    /// Footnote definitions in the order they are first referenced; a
    /// `.footnoteReference(n)` points at `footnotes[n - 1]`.
    public var footnotes: [Footnote]

    public init(blocks: [Block], footnotes: [Footnote] = []) {
        self.blocks = blocks
        self.footnotes = footnotes
    }

    /// Every heading in reading order, with its unique id.
    public var headings: [Heading] {
        var found: [Heading] = []
        Self.eachHeading(in: blocks) { level, id, content in
            found.append(Heading(level: level, id: id, text: content.plainText))
        }
        return found
    }

    /// Calls `body` with each heading of `blocks`, those in block quotes and
    /// list items included, in reading order.
    static func eachHeading(in blocks: [Block], _ body: (_ level: Int, _ id: String, _ content: [Inline]) -> Void) {
        for block in blocks {
            switch block {
            case let .heading(level, id, content):
                body(level, id, content)
            case let .blockQuote(children):
                eachHeading(in: children, body)
            case let .list(list):
                for item in list.items { eachHeading(in: item.blocks, body) }
            default:
                break
            }
        }
    }

    /// The text of the first level-1 heading, if the post has one.
    public var firstTitle: String? {
        headings.first { $0.level == 1 }?.text
    }

    /// True when a `<toc>`, `[[toc]]` or `[TOC]` line is in the body.
    public var hasTableOfContentsPlaceholder: Bool {
        blocks.contains { if case .tableOfContents = $0 { return true } else { return false } }
    }
}

public struct Heading: Sendable, Equatable {
    public var level: Int
    public var id: String
    public var text: String

    public init(level: Int, id: String, text: String) {
        self.level = level
        self.id = id
        self.text = text
    }
}

public struct Footnote: Sendable, Equatable {
    public var label: String
    public var blocks: [Block]

    public init(label: String, blocks: [Block]) {
        self.label = label
        self.blocks = blocks
    }
}
