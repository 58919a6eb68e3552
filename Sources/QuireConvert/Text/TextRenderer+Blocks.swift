import Foundation

/// Block content becomes lines, each container rendering its children at
/// the width left after its own prefix (`> `, a list marker).
extension TextRenderer {
    /// Deep nesting keeps this much room rather than going to zero; past
    /// it lines run over the width (a list nested beyond reason).
    static let minimumWidth = 8

    /// The blocks' lines, a blank line between two blocks unless `tight`,
    /// appended to `out`: one array for the whole post, not one per block.
    mutating func append(_ blocks: [Block], width: Int, tight: Bool = false, to out: inout [TextLine]) {
        let start = out.count
        for block in blocks {
            let separated = !tight && out.count > start
            if separated { out.append(.blank) }
            let before = out.count
            append(block, width: max(width, Self.minimumWidth), to: &out)
            // A block with nothing to show needs no blank line before it.
            if separated && out.count == before { out.removeLast() }
        }
    }

    mutating func append(_ block: Block, width: Int, to out: inout [TextLine]) {
        switch block {
        case let .paragraph(content):
            // The renderer's one inline buffer, taken out while it is filled
            // (no paragraph nests in another): no string per paragraph.
            var text: [UInt8] = []
            swap(&text, &inlineBuffer)
            text.removeAll(keepingCapacity: true)
            appendInlines(content, upper: false, to: &text)
            TextWrapper.wrap(utf8: text, width: width, into: &out, store: lineBytes)
            swap(&text, &inlineBuffer)
        case let .heading(level, _, content):
            out += headingLines(inlineText(content), level: level, width: width)
        case let .blockQuote(children):
            let start = out.count
            append(children, width: width - 2, to: &out)
            for index in start..<out.count { out[index].quoteDepth += 1 }
        case let .list(list):
            appendList(list, width: width, to: &out)
        case let .code(_, text):
            appendCode(text, to: &out)
        case let .html(html):
            appendHTML(html, width: width, to: &out)
        case .thematicBreak:
            let rule = String(repeating: "-", count: min(12, width))
            out.append(TextLine(String(repeating: " ", count: (width - rule.count) / 2) + rule))
        case let .table(table):
            out += tableLines(table, width: width)
        case .tableOfContents:
            out += tableOfContentsLines(width: width)
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

    private mutating func appendList(_ list: Block.List, width: Int, to out: inout [TextLine]) {
        let last = list.start + max(list.items.count - 1, 0)
        let numberWidth = String(last).count
        let start = out.count
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
            if out.count > start && !list.tight { out.append(.blank) }
            let body = out.count
            append(item.blocks, width: width - DisplayWidth.of(marker), tight: list.tight, to: &out)
            hang(&out, from: body, marker: marker)
        }
    }

    /// Indented four spaces, tabs expanded, never wrapped.
    private func appendCode(_ text: String, to out: inout [TextLine]) {
        // CR LF is one `Character`, which splitting at "\n" does not split:
        // such text goes row by row as `Character`s. (`memchr`: a changelog's
        // code blocks are long, and `utf8.contains` went a byte at a time.)
        var text = text
        let carriageReturn = text.withUTF8 { $0.count > 0 && memchr($0.baseAddress!, 0x0D, $0.count) != nil }
        if carriageReturn {
            var rows = text.split(separator: "\n", omittingEmptySubsequences: false)
            if rows.last?.isEmpty == true { rows.removeLast() }
            for row in rows { out.append(Self.codeLine(String(row))) }
            return
        }
        text.withUTF8 { bytes in
            let end = bytes.count
            var start = 0
            while start < end {
                var stop = start
                var plain = true
                while stop < end, bytes[stop] != 0x0A {
                    if bytes[stop] == 0x09 || bytes[stop] == 0x0D || bytes[stop] >= 0x80 { plain = false }
                    stop += 1
                }
                if plain {
                    // ASCII without tabs or CRs: a byte is a column; trailing
                    // spaces go, the rest is the row.
                    var last = stop
                    while last > start, bytes[last - 1] == 0x20 { last -= 1 }
                    if last == start {
                        out.append(.blank)
                    } else {
                        // The indent as the line's lead: the row is copied once.
                        let row = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<last]), as: UTF8.self)
                        out.append(TextLine(row, lead: "    "))
                    }
                } else {
                    out.append(Self.codeLine(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)))
                }
                start = stop + 1
            }
        }
    }

    /// One row of code that holds a tab, a CR or non-ASCII text, grapheme by grapheme.
    private static func codeLine(_ row: String) -> TextLine {
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

    /// Raw HTML contributes its text, block by block; never its tags.
    private func appendHTML(_ html: String, width: Int, to out: inout [TextLine]) {
        let text = HTMLFragment.text(html)
        guard !text.isEmpty else { return }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                out.append(.blank)
            } else {
                TextWrapper.wrap(Self.flatten(String(line)), width: width, into: &out)
            }
        }
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
