import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation
    /// (which bridges to `NSString` and allocates) when the ends are ASCII,
    /// as nearly every title, tag, author and address is.
    func trimmingWhitespaceAndNewlines() -> String {
        asciiTrimmed(newlines: true) ?? trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `trimmingCharacters(in: .whitespaces)`, the same way.
    func trimmingSpaces() -> String {
        asciiTrimmed(newlines: false) ?? trimmingCharacters(in: .whitespaces)
    }

    /// The string without the ASCII white space at its ends (tab and space;
    /// with `newlines`, also LF, VT, FF and CR: the ASCII members of
    /// Foundation's sets), when what is left starts and ends with a visible
    /// ASCII byte or is empty. Then Foundation would stop at the same
    /// places: those bytes are whole scalars, in its set or not. Nil
    /// otherwise (a non-ASCII end could be white space, such as U+00A0).
    private func asciiTrimmed(newlines: Bool) -> String? {
        let utf8 = self.utf8
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || (newlines && byte >= 0x0A && byte <= 0x0D)
        }
        @inline(__always) func isVisible(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        guard let first = utf8.first, let last = utf8.last else { return self }
        if isVisible(first) && isVisible(last) { return self }
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        if start == end { return "" }
        guard isVisible(utf8[start]), isVisible(utf8[utf8.index(before: end)]) else { return nil }
        return start == utf8.startIndex && end == utf8.endIndex ? self : String(self[start..<end])
    }
}
