extension Document {
    /// The source of every image in the body and the footnotes, in reading
    /// order, each once.
    public var imageSources: [String] {
        var found: [String] = []
        var seen: Set<String> = []
        func walk(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case let .image(source, _, _):
                    if seen.insert(source).inserted { found.append(source) }
                case let .emphasis(children), let .strong(children), let .strikethrough(children),
                     let .link(_, _, children):
                    walk(children)
                default:
                    break
                }
            }
        }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case let .paragraph(content), let .heading(_, _, content): walk(content)
                case let .blockQuote(children): walk(children)
                case let .list(list): for item in list.items { walk(item.blocks) }
                case let .table(table):
                    // Cell by cell, without joining the rows into a new array.
                    for cell in table.header { walk(cell) }
                    for row in table.rows { for cell in row { walk(cell) } }
                default: break
                }
            }
        }
        walk(blocks)
        for footnote in footnotes { walk(footnote.blocks) }
        return found
    }
}
