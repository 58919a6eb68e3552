import Foundation

/// Refuses a post with a very wide table row before cmark-gfm sees it.
/// Debian 12's cmark-gfm (0.29.0.gfm.6) spends time that grows with the
/// square of a row's width: 16,000 cells already take about a second, 40,000
/// about ten. Counting pipes per line is one linear pass over the bytes.
enum TableColumnGuard {
    /// Throws `.tooManyTableColumns` with the line of the first row that has
    /// more than `limit` cells. Lines inside fenced code blocks are skipped:
    /// cmark never reads them as tables.
    static func check(_ markdown: String, path: String, firstLine: Int, limit: Int) throws(ConversionError) {
        var markdown = markdown
        // Most posts hold fewer pipes in all than one row may: done with memchr.
        let total = markdown.withUTF8 { buffer -> Int in
            guard var cursor = buffer.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
            let end = cursor + buffer.count
            var count = 0
            while cursor < end, let found = memchr(cursor, 124, end - cursor) {
                count += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return count
        }
        if total <= limit + 1 { return }
        // `withUTF8` rethrows untyped errors: carry ours out as a value.
        let failure = markdown.withUTF8 { buffer -> ConversionError? in
            do throws(ConversionError) {
                try scan(buffer, path: path, firstLine: firstLine, limit: limit)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    private static func scan(_ markdown: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int,
                             limit: Int) throws(ConversionError) {
        var line = firstLine
        var pipes = 0
        var escaped = false
        var atLineStart = true
        var indent = 0
        var fence: (byte: UInt8, count: Int)? = nil
        var lineStartFenceRun: (byte: UInt8, count: Int) = (0, 0)
        var inRun = false
        // A line with n cells has at most n + 1 pipes.
        let maximumPipes = limit + 1

        func endLine() {
            // Fences: up to three spaces, then three or more ` or ~.
            let run = lineStartFenceRun
            if run.count >= 3 {
                if let open = fence {
                    if open.byte == run.byte && run.count >= open.count { fence = nil }
                } else {
                    fence = run
                }
            }
        }

        for byte in markdown {
            if byte == 10 {
                endLine()
                line += 1
                pipes = 0
                escaped = false
                atLineStart = true
                indent = 0
                lineStartFenceRun = (0, 0)
                inRun = false
                continue
            }
            if atLineStart {
                if byte == 32 && indent < 3 { indent += 1; continue }
                atLineStart = false
                if byte == 96 || byte == 126 { // ` or ~
                    lineStartFenceRun = (byte, 1)
                    inRun = true
                    continue
                }
            } else if inRun {
                if byte == lineStartFenceRun.byte { lineStartFenceRun.count += 1; continue }
                inRun = false
            }
            if fence != nil { continue }
            if byte == 92 { escaped.toggle(); continue } // backslash
            if byte == 124 && !escaped { // |
                pipes += 1
                if pipes > maximumPipes {
                    throw ConversionError(path: path, line: line, reason: .tooManyTableColumns(limit: limit))
                }
            }
            escaped = false
        }
    }
}
