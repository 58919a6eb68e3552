/// The non-ASCII scalars that `TextWrapper.wrapNarrow` may treat like
/// ASCII letters: accented Latin, Greek, Cyrillic, typographic quotes and
/// dashes, currency signs, letterlike symbols and arrows (what the corpus
/// holds besides ASCII), each one column wide and one grapheme on its own.
///
/// Only blocks without Prepend or SpacingMark characters are taken, and
/// in them only characters that are not marks, controls or format
/// characters (which join or vanish), not wide and not emoji: next to
/// another such character or ASCII, each is its own grapheme that
/// `DisplayWidth` counts as one column and the wrapper never breaks inside.
enum NarrowScalars {
    static let limit: UInt32 = 0x2200

    static func contains(_ value: UInt32) -> Bool {
        value < limit && table[Int(value)]
    }

    private static let blocks: [ClosedRange<UInt32>] = [
        0x00A0...0x02FF,   // Latin-1 letters and signs, Latin Extended, IPA, spacing modifiers
        0x0370...0x03FF,   // Greek
        0x0400...0x052F,   // Cyrillic and its supplement
        0x1E00...0x1FFF,   // Latin Extended Additional (Vietnamese), Greek Extended
        0x2010...0x2027,   // dashes, quotes, bullets, ellipsis
        0x2030...0x205E,   // per mille, primes, guillemets, other punctuation
        0x20A0...0x20CF,   // currency
        0x2100...0x21FF,   // letterlike symbols, number forms, arrows
    ]

    private static let table: [Bool] = {
        var table = Array(repeating: false, count: Int(limit))
        for block in blocks {
            for value in block {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let properties = scalar.properties
                switch properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark, .control, .format, .surrogate,
                     .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                    continue
                default:
                    break
                }
                guard !properties.isGraphemeExtend, !properties.isEmojiPresentation,
                      !properties.isEmojiModifier, !DisplayWidth.isWide(value),
                      DisplayWidth.of(Character(scalar)) == 1 else { continue }
                table[Int(value)] = true
            }
        }
        return table
    }()
}
