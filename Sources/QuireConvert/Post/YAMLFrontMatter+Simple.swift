extension YAMLFrontMatter {
    /// The front matter most posts have, read without Yams: lines of
    /// `key: value` and nothing else, all printable ASCII, each value a
    /// plain scalar that starts with a letter (which YAML can only read as
    /// text, bar the words for null and true and false), or a single- or
    /// double-quoted one without escapes or quotes inside. Anything else
    /// (a comment, a blank line, a list, an anchor, a second `: ` in a
    /// line, a repeated key, a limit reached) is nil, and Yams reads it, so
    /// every error and every other type stays as Yams and `Expansion` give
    /// them. Yams costs about 3 % of a build for four short lines a post.
    static func parseSimple(_ text: String, limits: Limits) -> [String: FrontMatterValue]? {
        var text = text
        return text.withUTF8 { bytes -> [String: FrontMatterValue]? in
            var table: [String: FrontMatterValue] = [:]
            var index = 0
            let end = bytes.count
            guard end > 0, limits.maximumFrontMatterDepth >= 1 else { return nil }
            func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
            while index < end {
                // The key: a letter, then letters, digits, `_` and `-`, then `: `.
                let keyStart = index
                guard isLetter(bytes[index]) else { return nil }
                while index < end, isLetter(bytes[index]) || (bytes[index] >= 0x30 && bytes[index] <= 0x39)
                        || bytes[index] == 0x5F || bytes[index] == 0x2D { index += 1 }
                let keyEnd = index
                // libyaml looks no further than 1,024 bytes for a key's colon.
                guard keyEnd - keyStart <= 1000 else { return nil }
                guard index + 1 < end, bytes[index] == 0x3A, bytes[index + 1] == 0x20 else { return nil }
                index += 2
                while index < end, bytes[index] == 0x20 { index += 1 }
                // The value: to the end of the line, printable ASCII only.
                let valueStart = index
                while index < end, bytes[index] != 0x0A {
                    guard bytes[index] >= 0x20 && bytes[index] < 0x7F else { return nil }
                    index += 1
                }
                var valueEnd = index
                while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 { valueEnd -= 1 }
                if index < end { index += 1 }  // the line's `\n`
                guard valueEnd > valueStart else { return nil }  // null, or a nested block
                let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
                let string: String
                switch value[0] {
                case 0x27, 0x22:  // 'text' or "text", nothing inside to unescape
                    let quote = value[0]
                    guard value.count >= 2, value[value.count - 1] == quote else { return nil }
                    let inner = UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)])
                    guard !inner.contains(quote), !inner.contains(0x5C) else { return nil }
                    string = String(decoding: inner, as: UTF8.self)
                default:
                    // Plain: text only when it starts with a letter (numbers,
                    // dates, `.inf` and `~` do not) and is no null or boolean;
                    // `: ` or a final `:` would be a mapping, ` #` a comment,
                    // `&`, `*`, `!` and `|`/`>` are left to Yams entirely.
                    guard isLetter(value[0]), value[value.count - 1] != 0x3A else { return nil }
                    for (offset, byte) in value.enumerated() {
                        if byte == 0x26 || byte == 0x2A || byte == 0x21 { return nil }
                        if byte == 0x20, offset + 1 < value.count, value[offset + 1] == 0x23 { return nil }
                        if byte == 0x3A, offset + 1 < value.count, value[offset + 1] == 0x20 { return nil }
                    }
                    string = String(decoding: value, as: UTF8.self)
                    if reservedWords.contains(string) { return nil }
                }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self)
                if reservedWords.contains(key) { return nil }
                guard table.updateValue(.string(string), forKey: key) == nil else { return nil }  // Yams names the duplicate
            }
            // Expansion's count: the mapping, and a key and a value each.
            guard 1 + 2 * table.count <= limits.maximumFrontMatterNodes else { return nil }
            return table
        }
    }

    /// Plain words YAML (as quire's resolver reads it) takes for null or a boolean.
    private static let reservedWords: Set<String> = ["null", "Null", "NULL", "true", "True", "TRUE",
                                                     "false", "False", "FALSE"]
}
