/// Greedy line filling measured in display columns. Words are never split:
/// a word wider than the line stands on a line of its own.
///
/// Input is the renderer's inline text: spaces are the break opportunities,
/// `\n` is a hard line break, and `TextWrapper.glue` joins two words that
/// must stay on one line (a link's text and its `[1]`). Chinese and Japanese
/// are written without spaces, so a line may also break between two wide
/// characters (as UAX #14 allows between ideographs), except before closing
/// punctuation or after an opening bracket. Korean, which has spaces,
/// breaks only at them.
enum TextWrapper {
    /// A private-use character that prints as a space but never breaks.
    static let glue: Character = "\u{E000}"
    static let glueScalar: Unicode.Scalar = "\u{E000}"

    /// A piece that cannot be broken, and whether a space goes before it
    /// when it follows another piece on the same line.
    struct Piece {
        var text: String
        var width: Int
        var spaced: Bool
    }

    /// `firstLineWidth` differs from `width` when the lines after the first
    /// get a hanging indent the first does not have.
    static func wrap(_ text: String, width: Int, firstLineWidth: Int? = nil) -> [TextLine] {
        var lines: [TextLine] = []
        for segment in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            var currentWidth = 0
            for piece in pieces(of: segment) {
                let added = (piece.spaced ? 1 : 0) + piece.width
                if current.isEmpty {
                    current = piece.text
                    currentWidth = piece.width
                } else if currentWidth + added <= (lines.isEmpty ? firstLineWidth ?? width : width) {
                    current += (piece.spaced ? " " : "") + piece.text
                    currentWidth += added
                } else {
                    lines.append(TextLine(current, soft: true))
                    current = piece.text
                    currentWidth = piece.width
                }
            }
            if !current.isEmpty { lines.append(TextLine(current)) }
        }
        // Hard breaks at the very start or end add nothing a reader needs.
        while lines.first?.text.isEmpty == true { lines.removeFirst() }
        while lines.last?.text.isEmpty == true { lines.removeLast() }
        if let last = lines.indices.last { lines[last].soft = false }
        return lines
    }

    static func pieces(of segment: Substring) -> [Piece] {
        var out: [Piece] = []
        for word in segment.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            // Most words are printable ASCII: one column a byte, no breaks inside.
            if word.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                out.append(Piece(text: String(word), width: word.utf8.count, spaced: true))
                continue
            }
            // Below U+1100 nothing is wide, so nothing breaks inside the word.
            if word.unicodeScalars.allSatisfy({ $0.value < 0x1100 || $0 == glueScalar }) {
                let text = String(word.map { $0 == glue ? " " : $0 })
                out.append(Piece(text: text, width: DisplayWidth.of(text), spaced: true))
                continue
            }
            var piece = ""
            var pieceWidth = 0
            var spaced = true
            var previous: Character?
            for character in word {
                let shown: Character = character == glue ? " " : character
                if let previous, !piece.isEmpty, canBreak(between: previous, and: character) {
                    out.append(Piece(text: piece, width: pieceWidth, spaced: spaced))
                    piece = ""
                    pieceWidth = 0
                    spaced = false
                }
                piece.append(shown)
                pieceWidth += DisplayWidth.of(shown)
                previous = character
            }
            if !piece.isEmpty { out.append(Piece(text: piece, width: pieceWidth, spaced: spaced)) }
        }
        return out
    }

    static func canBreak(between a: Character, and b: Character) -> Bool {
        guard isIdeographic(a) || isIdeographic(b) else { return false }
        return !noLineStart.contains(b) && !noLineEnd.contains(a) && a != glue && b != glue
    }

    static func isIdeographic(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first, first.value >= 0x1100 else { return false }
        // Korean puts spaces between words and breaks only there.
        if (0xAC00...0xD7A3).contains(first.value) || (0x1100...0x11FF).contains(first.value)
            || (0x3130...0x318F).contains(first.value) { return false }
        return DisplayWidth.isWide(first.value) && !DisplayWidth.isEmojiPicture(c.unicodeScalars)
            && !noLineStart.contains(c) && !noLineEnd.contains(c)
    }

    /// Closing punctuation, small kana and the prolonged sound mark may not
    /// begin a line (Japanese kinsoku shori, simplified).
    static let noLineStart: Set<Character> = Set(
        "、。，．・：；？！）」』】〉》〕｝］〙〗ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}%」』"
    )
    /// Opening brackets may not end a line.
    static let noLineEnd: Set<Character> = Set("（「『【〈《〔｛［〘〖([{")
}
