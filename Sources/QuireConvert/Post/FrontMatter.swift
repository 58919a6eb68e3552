/// A post split into its front matter and its Markdown body, with the line
/// numbers that let errors point into the file rather than into a piece.
struct FrontMatter: Sendable, Equatable {
    enum Format: String, Sendable {
        case yaml = "YAML", toml = "TOML", json = "JSON"
    }

    /// nil when the post has no front matter.
    var format: Format?
    /// The front matter without its fences.
    var text: String
    /// The file's line number of the first line of `text`.
    var firstLine: Int
    /// The Markdown after the front matter.
    var body: String
    /// The file's line number of the first line of `body`.
    var bodyFirstLine: Int

    /// Jekyll's and Hugo's rules: YAML between `---` lines, TOML between
    /// `+++` lines, or a leading JSON object. The text has `\n` line endings.
    static func split(_ text: String, path: String) throws(ConversionError) -> FrontMatter {
        let bytes = Array(text.utf8)
        if let fence = fenceLength(bytes, at: 0, char: UInt8(ascii: "-")) {
            return try fenced(bytes, format: .yaml, openLength: fence, closers: ["---", "..."], path: path)
        }
        if let fence = fenceLength(bytes, at: 0, char: UInt8(ascii: "+")) {
            return try fenced(bytes, format: .toml, openLength: fence, closers: ["+++"], path: path)
        }
        if looksLikeJSON(bytes) {
            return try json(bytes, path: path)
        }
        return FrontMatter(format: nil, text: "", firstLine: 1, body: text, bodyFirstLine: 1)
    }

    /// The length of an opening fence line (`---` plus trailing blanks and
    /// the newline) at `start`, if the line is exactly that.
    private static func fenceLength(_ bytes: [UInt8], at start: Int, char: UInt8) -> Int? {
        guard bytes.count >= start + 3, bytes[start] == char, bytes[start + 1] == char, bytes[start + 2] == char
        else { return nil }
        var index = start + 3
        while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
        if index == bytes.count { return index - start }
        return bytes[index] == 10 ? index + 1 - start : nil
    }

    private static func fenced(_ bytes: [UInt8], format: Format, openLength: Int, closers: [String],
                               path: String) throws(ConversionError) -> FrontMatter {
        var lineStart = openLength
        var line = 2
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 10 { lineEnd += 1 }
            var trimmedEnd = lineEnd
            while trimmedEnd > lineStart, bytes[trimmedEnd - 1] == 32 || bytes[trimmedEnd - 1] == 9 { trimmedEnd -= 1 }
            let isCloser = trimmedEnd - lineStart == 3 && closers.contains { closer in
                closer.utf8.elementsEqual(bytes[lineStart..<trimmedEnd])
            }
            if isCloser {
                let bodyStart = min(lineEnd + 1, bytes.count)
                return FrontMatter(format: format,
                                   text: String(decoding: bytes[openLength..<lineStart], as: UTF8.self),
                                   firstLine: 2,
                                   body: String(decoding: bytes[bodyStart...], as: UTF8.self),
                                   bodyFirstLine: line + 1)
            }
            lineStart = lineEnd + 1
            line += 1
        }
        let fence = format == .yaml ? "---" : "+++"
        throw ConversionError(path: path, line: 1,
                              reason: .frontMatter("the \(fence) on line 1 opens \(format.rawValue) front matter that is never closed by a \(fence) line"))
    }

    /// `{` followed by a key or `}`: a Liquid tag (`{% raw %}`) or a Hugo
    /// shortcode (`{{< x >}}`) at the top of a post is Markdown, not JSON.
    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "{") else { return false }
        for byte in bytes.dropFirst() {
            switch byte {
            case 32, 9, 10: continue
            case UInt8(ascii: "\""), UInt8(ascii: "}"): return true
            default: return false
            }
        }
        return false
    }

    /// The balanced object at the start, minding strings and escapes.
    private static func json(_ bytes: [UInt8], path: String) throws(ConversionError) -> FrontMatter {
        var depth = 0
        var inString = false
        var escaped = false
        var line = 1
        for (index, byte) in bytes.enumerated() {
            if byte == 10 { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == 92 { escaped = true } else if byte == 34 { inString = false }
                continue
            }
            switch byte {
            case 34: inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    var bodyStart = index + 1
                    var bodyLine = line
                    // The rest of the closing line, if blank, belongs to the front matter.
                    var probe = bodyStart
                    while probe < bytes.count, bytes[probe] == 32 || bytes[probe] == 9 { probe += 1 }
                    if probe < bytes.count, bytes[probe] == 10 { bodyStart = probe + 1; bodyLine += 1 }
                    else if probe == bytes.count { bodyStart = probe }
                    return FrontMatter(format: .json,
                                       text: String(decoding: bytes[...index], as: UTF8.self),
                                       firstLine: 1,
                                       body: String(decoding: bytes[bodyStart...], as: UTF8.self),
                                       bodyFirstLine: bodyLine)
                }
            default: break
            }
        }
        throw ConversionError(path: path, line: 1,
                              reason: .frontMatter("the JSON object that starts on line 1 never closes"))
    }
}

extension FrontMatter {
    /// The file's line of a top-level key, found in the front matter text:
    /// `key:` (YAML), `key =` (TOML), `"key":` (JSON). Errors about a value
    /// name this line.
    func line(ofKey key: String) -> Int? {
        var number = firstLine
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { number += 1 }
            switch format {
            case .yaml:
                if line.hasPrefix(key) {
                    let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
                    if rest.first == ":" { return number }
                }
                for quote in ["\"", "'"] where line.hasPrefix(quote + key + quote) { return number }
            case .toml:
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.hasPrefix("[") { return nil } // past the top-level keys
                for name in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(name) {
                    let rest = trimmed.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
                    if rest.first == "=" { return number }
                }
            case .json:
                if line.contains("\"\(key)\"") { return number }
            case nil:
                return nil
            }
        }
        return nil
    }
}
