extension String {
    /// The text with control characters written as escapes (`\n`, `\t`,
    /// `\u{1B}`): a file name such as `a⏎b.md` or one holding a terminal
    /// escape prints as one line of plain text, and cannot split a log line,
    /// move the cursor or colour a terminal.
    public var oneLine: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            guard scalar.properties.generalCategory == .control else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
