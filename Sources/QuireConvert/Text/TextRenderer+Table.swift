/// Tables as aligned columns when they fit, else one `name: value` block
/// per row: a mail reader cannot scroll sideways, and a table cut into
/// wrapped fragments is unreadable.
extension TextRenderer {
    static let columnGap = 2

    mutating func tableLines(_ table: Block.Table, width: Int) -> [TextLine] {
        // Cells are rendered once, in reading order, so link numbers follow
        // the order a reader meets them whichever layout is chosen.
        let header = table.header.map { cellText($0) }
        let rows = table.rows.map { $0.map { cellText($0) } }
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return [] }
        var widths = Array(repeating: 0, count: columns)
        for row in [header] + rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], DisplayWidth.of(cell)) }
        }
        widths = widths.map { max($0, 1) }
        let total = widths.reduce(0, +) + Self.columnGap * (columns - 1)
        if total <= width {
            return columnLines(header: header, rows: rows, widths: widths, alignments: table.alignments)
        }
        return recordLines(header: header, rows: rows, columns: columns, width: width)
    }

    private mutating func cellText(_ cell: Block.Table.Cell) -> String {
        let text = inlineText(cell)
            .replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: String(TextWrapper.glue), with: " ")
        return text.split(separator: " ").joined(separator: " ")
    }

    private func columnLines(header: [String], rows: [[String]], widths: [Int],
                             alignments: [Block.Table.Alignment]) -> [TextLine] {
        func line(_ cells: [String]) -> TextLine {
            var out = ""
            for (column, width) in widths.enumerated() {
                let cell = column < cells.count ? cells[column] : ""
                let alignment = column < alignments.count ? alignments[column] : .none
                let room = width - DisplayWidth.of(cell)
                let left: Int
                switch alignment {
                case .right: left = room
                case .center: left = room / 2
                case .left, .none: left = 0
                }
                if column > 0 { out += String(repeating: " ", count: Self.columnGap) }
                out += String(repeating: " ", count: left) + cell + String(repeating: " ", count: room - left)
            }
            while out.last == " " { out.removeLast() }
            return TextLine(out)
        }
        var out: [TextLine] = []
        if header.contains(where: { !$0.isEmpty }) {
            out.append(line(header))
            out.append(TextLine(widths.map { String(repeating: "-", count: $0) }
                .joined(separator: String(repeating: " ", count: Self.columnGap))))
        }
        out += rows.map(line)
        return out
    }

    /// One block per row: `Name: value`, the value wrapped with a hanging
    /// indent; empty cells are left out.
    private func recordLines(header: [String], rows: [[String]], columns: Int, width: Int) -> [TextLine] {
        var out: [TextLine] = []
        for row in rows {
            var block: [TextLine] = []
            for column in 0..<columns {
                let value = column < row.count ? row[column] : ""
                guard !value.isEmpty else { continue }
                var name = column < header.count ? header[column] : ""
                if name.isEmpty { name = "Column \(column + 1)" }
                let wrapped = TextWrapper.wrap(name + ": " + value, width: width - 2, firstLineWidth: width)
                block += wrapped.enumerated().map { index, line in
                    index == 0 ? line : line.prefixed("  ")
                }
            }
            guard !block.isEmpty else { continue }
            if !out.isEmpty { out.append(.blank) }
            out += block
        }
        return out
    }
}
