/// Gives headings the ids GitHub gives them: lower case, punctuation dropped,
/// spaces turned into `-`, and `-1`, `-2`… appended to repeats, so links
/// written against GitHub's rendering keep working.
struct HeadingIDs {
    private var used: [String: Int] = [:]

    /// github-slugger's algorithm: count repeats of the base slug, skip any
    /// candidate that is already taken.
    mutating func next(for text: String) -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = "section" }
        var candidate = base
        while used[candidate] != nil {
            let count = used[base, default: 0] + 1
            used[base] = count
            candidate = "\(base)-\(count)"
        }
        used[candidate] = 0
        return candidate
    }

    static func slug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
                || p.generalCategory == .spacingMark || scalar == "_" || scalar == "-" {
                out.append(scalar)
            } else if scalar == " " {
                out.append("-")
            }
        }
        return String(out)
    }
}
