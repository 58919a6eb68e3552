import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation
    /// (which bridges to `NSString` and allocates) when both ends are
    /// visible ASCII, as nearly every title, author and address is. Any
    /// other string goes through Foundation, so the result is always the same.
    func trimmingWhitespaceAndNewlines() -> String {
        if hasVisibleASCIIEnds { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `trimmingCharacters(in: .whitespaces)`, the same way.
    func trimmingSpaces() -> String {
        if hasVisibleASCIIEnds { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// The first and last bytes are printable ASCII other than the space:
    /// neither end can be white space, and no grapheme cluster ends in such
    /// a byte unless it starts with a visible character.
    var hasVisibleASCIIEnds: Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        return first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
    }
}
