extension String {
    /// `hasSuffix("\n")` from the last two bytes, without breaking the end
    /// into `Character`s: the last character is a lone line feed exactly
    /// when the last byte is one and the byte before is not a carriage
    /// return (CR LF is one `Character`; nothing else joins a line feed).
    var endsWithLineFeed: Bool {
        let utf8 = self.utf8
        guard let last = utf8.last, last == 0x0A else { return false }
        let before = utf8.index(before: utf8.endIndex)
        return before == utf8.startIndex || utf8[utf8.index(before: before)] != 0x0D
    }
}
