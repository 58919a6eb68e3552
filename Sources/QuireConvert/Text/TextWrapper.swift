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
        wrap(text, width: width, firstLineWidth: firstLineWidth, into: &lines)
        return lines
    }

    /// `wrap`, appending to `lines`: the renderer collects a whole post in
    /// one array instead of an array per paragraph.
    static func wrap(_ text: String, width: Int, firstLineWidth: Int? = nil, into lines: inout [TextLine]) {
        if !wrapNarrow(text, width: width, firstLineWidth: firstLineWidth, into: &lines) {
            lines += wrapGraphemes(text, width: width, firstLineWidth: firstLineWidth)
        }
    }

    /// `wrap` for text given as its UTF-8 (the renderer's inline buffer):
    /// a string is made only for text the narrow path does not take.
    /// Lines the narrow path cuts keep their bytes in `store`: the
    /// renderer keeps one for all its paragraphs.
    static func wrap(utf8 text: [UInt8], width: Int, firstLineWidth: Int? = nil, into lines: inout [TextLine],
                     store: LineBytes) {
        let narrow = text.withUnsafeBufferPointer {
            wrapNarrow(utf8: $0, width: width, firstLineWidth: firstLineWidth, into: &lines, store: store)
        }
        if !narrow {
            lines += wrapGraphemes(String(decoding: text, as: UTF8.self), width: width, firstLineWidth: firstLineWidth)
        }
    }

    /// `wrap` for any text, grapheme by grapheme.
    static func wrapGraphemes(_ text: String, width: Int, firstLineWidth: Int? = nil) -> [TextLine] {
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
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        if let last = lines.indices.last { lines[last].soft = false }
        return lines
    }

    /// `wrapNarrow` as an array, nil where it does not apply (for tests).
    static func wrapNarrow(_ text: String, width: Int, firstLineWidth: Int?) -> [TextLine]? {
        var lines: [TextLine] = []
        return wrapNarrow(text, width: width, firstLineWidth: firstLineWidth, into: &lines) ? lines : nil
    }

    /// `wrap` for text of printable ASCII, spaces, tabs, `\n`, the glue and
    /// `NarrowScalars` only (most paragraphs, accented letters, Cyrillic and
    /// typographic quotes included): there every scalar is a grapheme of
    /// its own, one column wide, that no line break goes inside (the glue's
    /// three bytes print as one space), so the lines are cut from the bytes
    /// without looking at graphemes. False, having appended nothing, for
    /// other text.
    static func wrapNarrow(_ text: String, width: Int, firstLineWidth: Int?, into lines: inout [TextLine]) -> Bool {
        var text = text
        let store = LineBytes()
        return text.withUTF8 {
            wrapNarrow(utf8: $0, width: width, firstLineWidth: firstLineWidth, into: &lines, store: store)
        }
    }

    /// `wrapNarrow` over valid UTF-8, each line's bytes appended to `store`.
    static func wrapNarrow(utf8 bytes: UnsafeBufferPointer<UInt8>, width: Int, firstLineWidth: Int?,
                           into lines: inout [TextLine], store: LineBytes) -> Bool {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
        guard isNarrow(bytes) else { return false }
        // The store's bytes taken out while lines are written: appending
        // through the class would check exclusive access at every byte.
        // Until they are put back no line's text may be read (`isEmpty`
        // reads only the range).
        var current: [UInt8] = []
        swap(&current, &store.bytes)
        defer { swap(&current, &store.bytes) }
        let end = bytes.count
        let first = lines.count
        var currentWidth = 0
        var index = 0
        // Where the line being filled starts in `current`.
        var lineStart = current.count
        while true {
            // One segment, up to the next `\n`.
            currentWidth = 0
            while index < end, bytes[index] != newline {
                while index < end, bytes[index] == space || bytes[index] == tab { index += 1 }
                // The word: up to the next space, tab or `\n`.
                let start = index
                let (wordEnd, wordWidth, glued) = word(in: bytes, from: start)
                index = wordEnd
                guard wordWidth > 0 else { continue }
                if current.count > lineStart {
                    if currentWidth + 1 + wordWidth <= (lines.count == first ? firstLineWidth ?? width : width) {
                        current.append(space)
                        currentWidth += 1
                    } else {
                        lines.append(TextLine(store, lineStart..<current.count, soft: true))
                        lineStart = current.count
                        currentWidth = 0
                    }
                }
                guard glued else {
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    currentWidth += wordWidth
                    continue
                }
                var i = start
                while i < index {
                    if bytes[i] == 0xEE, i + 2 < index, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
                        current.append(space)
                        i += 3
                    } else {
                        current.append(bytes[i])
                        i += 1
                    }
                }
                currentWidth += wordWidth
            }
            if current.count > lineStart {
                lines.append(TextLine(store, lineStart..<current.count))
                lineStart = current.count
            }
            guard index < end else { break }
            index += 1  // the `\n`
        }
        while lines.count > first, lines[lines.count - 1].isEmpty { lines.removeLast() }
        if lines.count > first { lines[lines.count - 1].soft = false }
        return true
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether the text is what `wrapNarrow` takes: printable ASCII, tabs,
    /// `\n`, the glue and `NarrowScalars`. Eight bytes at a time while they
    /// are printable ASCII (no high bit, none below 0x20, no DEL), which is
    /// most of a paragraph, and again after each byte that is not.
    static func isNarrow(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
        let end = bytes.count
        var check = 0
        while check < end {
            if let base = bytes.baseAddress {
                while check + 8 <= end {
                    let chunk = UnsafeRawPointer(base + check).loadUnaligned(as: UInt64.self)
                    let below = (chunk &- ones &* 0x20) & ~chunk & highs
                    let del = chunk ^ (ones &* 0x7F)
                    // Each mask's lowest flagged byte is a true one (a borrow
                    // only runs upwards from a true one): their union's lowest
                    // is the first byte that is not printable ASCII.
                    let stop = (chunk & highs) | below | ((del &- ones) & ~del & highs)
                    guard stop == 0 else {
                        check += stop.trailingZeroBitCount / 8
                        break
                    }
                    check += 8
                }
                guard check < end else { break }
            }
            let byte = bytes[check]
            if (byte >= 0x20 && byte < 0x7F) || byte == tab || byte == newline {
                check += 1
            } else if byte >= 0xC2 && byte < 0xE0 && check + 1 < end {
                let scalar = UInt32(byte & 0x1F) << 6 | UInt32(bytes[check + 1] & 0x3F)
                guard NarrowScalars.contains(scalar) else { return false }
                check += 2
            } else if byte >= 0xE0 && byte < 0xF0 && check + 2 < end {
                // The glue, U+E000, is EE 80 80 in UTF-8.
                let scalar = UInt32(byte & 0x0F) << 12 | UInt32(bytes[check + 1] & 0x3F) << 6
                    | UInt32(bytes[check + 2] & 0x3F)
                guard scalar == glueScalar.value || NarrowScalars.contains(scalar) else { return false }
                check += 3
            } else {
                return false
            }
        }
        return true
    }

    /// In text `isNarrow` accepted, the word that starts at `start`: where
    /// it ends (the next space, tab or `\n`: the only bytes below 0x21
    /// there), its columns (its bytes less its continuation bytes; the
    /// glue's lead byte is its one column) and whether the glue is in it
    /// (an 0xEE byte). Eight bytes at a time, then byte by byte.
    static func word(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, width: Int, glued: Bool) {
        let end = bytes.count
        var index = start, continuations = 0, glued = false
        if let base = bytes.baseAddress {
            while index + 8 <= end {
                let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // The first byte below 0x21 is the lowest flagged one.
                let separators = (chunk &- ones &* 0x21) & ~chunk & highs
                // 10xxxxxx: bit 7 set, bit 6 (shifted up into bit 7) clear.
                let continuing = chunk & ~(chunk << 1) & highs
                let lead = chunk ^ (ones &* 0xEE)
                // A flagged byte here is either an 0xEE or above one.
                let glue = (lead &- ones) & ~lead & highs
                // The bytes before the first separator, or all eight.
                let taken = separators == 0 ? 8 : separators.trailingZeroBitCount / 8
                let keep: UInt64 = taken == 8 ? ~0 : (1 << UInt64(taken * 8)) &- 1
                continuations += (continuing & keep).nonzeroBitCount
                if glue & keep != 0 { glued = true }
                index += taken
                if taken < 8 { return (index, index - start - continuations, glued) }
            }
        }
        while index < end, bytes[index] > 0x20 {
            if bytes[index] & 0xC0 == 0x80 { continuations += 1 }
            if bytes[index] == 0xEE { glued = true }
            index += 1
        }
        return (index, index - start - continuations, glued)
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
