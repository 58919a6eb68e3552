/// How many terminal columns text takes, counted per grapheme cluster (what
/// a reader sees as one character), so the newsletter wraps where a
/// monospaced mail reader would.
///
/// - East Asian Wide and Fullwidth characters (CJK ideographs, kana, Hangul
///   syllables, fullwidth forms) take 2 columns.
/// - Combining marks, zero-width spaces and joiners, other format
///   characters and controls take 0 columns on their own; inside a cluster
///   they add nothing to the base character.
/// - Emoji: a cluster shown as an emoji picture (a character with the
///   Emoji_Presentation property, anything followed by U+FE0F, flags, keycaps
///   and ZWJ sequences such as families) takes 2 columns, the way terminals
///   and modern `wcwidth` draw it; a text-style symbol such as `©` or `☺`
///   without U+FE0F takes 1. A ZWJ sequence is one cluster, so it counts once.
public enum DisplayWidth {
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII, scalars.count == 1 {
            return first.value < 0x20 || first.value == 0x7F ? 0 : 1
        }
        if first.isASCII, first.value < 0x20 { return 0 }   // CR LF is one cluster
        if isZeroWidth(first) { return 0 }
        if isEmojiPicture(scalars) { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    /// Marks, format characters (ZWSP, ZWJ, soft hyphen, BOM) and C1
    /// controls: nothing visible of their own.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: break
        }
        // Hangul medial vowels and final consonants join the syllable before.
        return (0x1160...0x11FF).contains(scalar.value)
    }

    static func isEmojiPicture(_ scalars: Character.UnicodeScalarView) -> Bool {
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation { return true }
        if scalars.contains("\u{FE0F}") { return true }           // emoji variation selector
        if scalars.contains("\u{20E3}") { return true }           // keycap
        if (0x1F1E6...0x1F1FF).contains(first.value) { return true } // regional indicators (flags)
        return false
    }

    /// East Asian Width W and F (Unicode 15 `EastAsianWidth.txt`), collapsed
    /// into ranges: Swift does not expose the property.
    static func isWide(_ value: UInt32) -> Bool {
        for range in wideRanges {
            if value < range.lowerBound { return false }
            if range.contains(value) { return true }
        }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x231A...0x231B, 0x2329...0x232A,
        0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
        0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD,
        0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
        0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50,
        0x2B55...0x2B55,
        0x2E80...0x303E,   // CJK radicals, punctuation, ideographic space
        0x3041...0x33FF,   // kana, bopomofo, Hangul compatibility jamo, CJK compatibility
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small forms
        0xFF00...0xFF60,   // fullwidth forms
        0xFFE0...0xFFE6,
        0x16FE0...0x18CFF, // Tangut, Khitan
        0x1AFF0...0x1B2FF, // kana supplement and extensions, Nushu
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F251, // enclosed ideographic supplement
        0x1F300...0x1F64F, // pictographs, emoticons
        0x1F680...0x1F6FF, // transport and map symbols
        0x1F7E0...0x1F7EB,
        0x1F90C...0x1F9FF, // supplemental symbols and pictographs
        0x1FA70...0x1FAFF,
        0x20000...0x2FFFD, // CJK extensions B to F
        0x30000...0x3FFFD, // CJK extension G
    ]
}
