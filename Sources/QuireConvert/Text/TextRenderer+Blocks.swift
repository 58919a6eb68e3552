/// Block content becomes lines, each container rendering its children at
/// the width left after its own prefix (`> `, a list marker).
extension TextRenderer {
    /// Deep nesting keeps this much room rather than going to zero; past
    /// it lines run over the width (a list nested beyond reason).
    static let minimumWidth = 8

    mutating func lines(for blocks: [Block], width: Int, tight: Bool = false) -> [TextLine] {
        var out: [TextLine] = []
        for block in blocks {
            let lines = self.lines(for: block, width: max(width, Self.minimumWidth))
            guard !lines.isEmpty else { continue }
            if !out.isEmpty && !tight { out.append(.blank) }
            out += lines
        }
        return out
    }

    mutating func lines(for block: Block, width: Int) -> [TextLine] {
        switch block {
        case let .paragraph(content):
            return TextWrapper.wrap(inlineText(content), width: width)
        case let .heading(level, _, content):
            return headingLines(inlineText(content), level: level, width: width)
        case let .blockQuote(children):
            return lines(for: children, width: width - 2).map { line in
                var quoted = line
                quoted.quoteDepth += 1
                return quoted
            }
        case let .list(list):
            return listLines(list, width: width)
        case let .code(_, text):
            return codeLines(text)
        case let .html(html):
            return htmlLines(html, width: width)
        case .thematicBreak:
            let rule = String(repeating: "-", count: min(12, width))
            return [TextLine(String(repeating: " ", count: (width - rule.count) / 2) + rule)]
        case let .table(table):
            return tableLines(table, width: width)
        case .tableOfContents:
            return tableOfContentsLines(width: width)
        }
    }

    /// Level 1 (and the title) over- and underlined with `=`, level 2
    /// underlined with `=`, level 3 with `-`, deeper ones as `#### text`.
    func headingLines(_ text: String, level: Int, width: Int) -> [TextLine] {
        if level >= 4 {
            return hard(TextWrapper.wrap(String(repeating: "#", count: level) + " " + text, width: width))
        }
        let lines = hard(TextWrapper.wrap(text, width: width))
        guard !lines.isEmpty else { return [] }
        let ruleWidth = min(lines.map { DisplayWidth.of($0.text) }.max() ?? 0, width)
        let rule = TextLine(String(repeating: level == 3 ? "-" : "=", count: max(ruleWidth, 3)))
        return level == 1 ? [rule] + lines + [rule] : lines + [rule]
    }

    func titleLines(_ title: String, width: Int) -> [TextLine] {
        headingLines(title, level: 1, width: width)
    }

    /// Heading lines are never joined by a flowed reader: the rule below
    /// must stay under them.
    private func hard(_ lines: [TextLine]) -> [TextLine] {
        lines.map { TextLine($0.text) }
    }

    private mutating func listLines(_ list: Block.List, width: Int) -> [TextLine] {
        let last = list.start + max(list.items.count - 1, 0)
        let numberWidth = String(last).count
        var out: [TextLine] = []
        for (index, item) in list.items.enumerated() {
            var marker: String
            if list.ordered {
                let number = "\(list.start + index)."
                marker = number + String(repeating: " ", count: numberWidth - number.count + 2)
            } else {
                marker = "- "
            }
            switch item.checked {
            case true?: marker = list.ordered ? marker + "[x] " : "[x] "
            case false?: marker = list.ordered ? marker + "[ ] " : "[ ] "
            case nil: break
            }
            let body = lines(for: item.blocks, width: width - DisplayWidth.of(marker), tight: list.tight)
            if !out.isEmpty && !list.tight { out.append(.blank) }
            out += hanging(body, marker: marker)
        }
        return out
    }

    /// Indented four spaces, tabs expanded, never wrapped.
    private func codeLines(_ text: String) -> [TextLine] {
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if rows.last?.isEmpty == true { rows.removeLast() }
        return rows.map { row in
            if !row.utf8.contains(where: { $0 == 0x09 || $0 == 0x0D }) {
                var trimmed = Substring(row)
                while trimmed.last == " " { trimmed.removeLast() }
                return TextLine(trimmed.isEmpty ? "" : "    " + trimmed)
            }
            var expanded = ""
            var column = 0
            for character in row where character != "\r" {
                if character == "\t" {
                    let spaces = 4 - column % 4
                    expanded += String(repeating: " ", count: spaces)
                    column += spaces
                } else {
                    expanded.append(character)
                    column += DisplayWidth.of(character)
                }
            }
            while expanded.last == " " { expanded.removeLast() }
            return TextLine(expanded.isEmpty ? "" : "    " + expanded)
        }
    }

    /// Raw HTML contributes its text, block by block; never its tags.
    private func htmlLines(_ html: String, width: Int) -> [TextLine] {
        let text = HTMLFragment.text(html)
        guard !text.isEmpty else { return [] }
        var out: [TextLine] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                out.append(.blank)
            } else {
                out += TextWrapper.wrap(Self.flatten(String(line)), width: width)
            }
        }
        return out
    }

    /// The section titles, nested two spaces a level, under "Contents".
    func tableOfContentsLines(width: Int) -> [TextLine] {
        let toc = TableOfContents(headings: document.headings, depth: options.tocDepth)
        guard !toc.isEmpty else { return [] }
        var out = [TextLine("Contents"), .blank]
        func add(_ entries: [TableOfContents.Entry], indent: Int) {
            for entry in entries {
                let body = TextWrapper.wrap(Self.flatten(entry.heading.text), width: max(width - indent - 2, Self.minimumWidth))
                out += hanging(body, marker: String(repeating: " ", count: indent) + "- ")
                add(entry.children, indent: indent + 2)
            }
        }
        add(toc.entries, indent: 0)
        return out
    }
}
