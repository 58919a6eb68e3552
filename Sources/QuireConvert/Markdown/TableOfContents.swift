/// The nested outline of a post's headings below level 1, shared by the
/// page, the book's navigation and the newsletter.
public struct TableOfContents: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var heading: Heading
        public var children: [Entry]
    }

    public var entries: [Entry]

    /// `depth` levels from level 2: the default 3 takes `##` to `####`.
    public init(headings: [Heading], depth: Int = 3) {
        let deepest = 1 + max(depth, 1)
        let chosen = headings.filter { $0.level >= 2 && $0.level <= deepest }
        var index = 0
        entries = Self.build(chosen, &index, parentLevel: 1)
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Takes headings deeper than `parentLevel` as siblings, each adopting
    /// the deeper ones that follow it; a skipped level nests just one step.
    private static func build(_ headings: [Heading], _ index: inout Int, parentLevel: Int) -> [Entry] {
        var out: [Entry] = []
        while index < headings.count, headings[index].level > parentLevel {
            let heading = headings[index]
            index += 1
            let children = build(headings, &index, parentLevel: heading.level)
            out.append(Entry(heading: heading, children: children))
        }
        return out
    }
}
