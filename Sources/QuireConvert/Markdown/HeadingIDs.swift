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
        asciiSlug(text) ?? slugScalars(text)
    }

    /// `slugScalars` for ASCII text (nearly every heading), byte by byte:
    /// in ASCII, lower-casing maps only A-Z, the alphabetic and numeric
    /// scalars are the letters and digits, and there are no marks.
    static func asciiSlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "_"), UInt8(ascii: "-"): out.append(byte)
                case UInt8(ascii: " "): out.append(UInt8(ascii: "-"))
                default: break
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The general form, scalar by scalar.
    static func slugScalars(_ text: String) -> String {
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
