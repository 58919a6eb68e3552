import Foundation

/// Which attributes survive: a short list per element, each value checked
/// so EPUBCheck's schema accepts it. Event handlers, `style` (other than
/// the renderer's table alignment) and everything unknown are dropped.
extension XHTMLSanitizer {
    static let globalAttributes: Set<String> = ["id", "class", "title", "lang", "dir", "aria-label", "style"]

    static let elementAttributes: [String: Set<String>] = [
        "a": ["href"],
        "img": ["src", "alt", "width", "height"],
        "ol": ["start", "reversed"],
        "li": ["value"],
        "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan"],
        "col": ["span"], "colgroup": ["span"],
    ]

    static func allowedAttributes(name: String, _ raw: [(String, String)]) -> [XHTMLAttribute] {
        var out: [XHTMLAttribute] = []
        var seen: Set<String> = []
        let own = elementAttributes[name] ?? []
        func add(_ attribute: String, _ value: String) {
            guard seen.insert(attribute).inserted else { return }
            out.append(XHTMLAttribute(name: attribute, value: XMLText.clean(value)))
        }
        for (attribute, value) in raw {
            guard globalAttributes.contains(attribute) || own.contains(attribute) else {
                // Old-style anchors `<a name="x">` keep working as ids.
                if name == "a", attribute == "name", !raw.contains(where: { $0.0 == "id" }), isValidID(value) {
                    add("id", value)
                }
                continue
            }
            switch attribute {
            case "id":
                if isValidID(value) { add("id", value) }
            case "class":
                let classes = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                if !classes.isEmpty { add("class", classes.joined(separator: " ")) }
            case "title":
                add("title", value)
            case "aria-label":
                if !value.trimmingWhitespace.isEmpty { add("aria-label", value) }
            case "lang":
                if let tag = LanguageTag.valid(value) { add("lang", tag) }
            case "dir":
                let lowered = value.lowercased()
                if ["ltr", "rtl", "auto"].contains(lowered) { add("dir", lowered) }
            case "style":
                // The renderer aligns table cells this way; nothing else passes.
                let compact = value.lowercased().filter { !$0.isWhitespace }.replacingSuffix(";")
                if ["text-align:left", "text-align:center", "text-align:right"].contains(compact) {
                    add("style", compact.replacingOccurrences(of: ":", with: ": "))
                }
            case "href", "src", "alt":
                add(attribute, value)
            case "width", "height":
                if let n = Int(value), n >= 0, n < 100_000 { add(attribute, String(n)) }
            case "start", "value":
                if let n = Int(value), abs(n) < 1_000_000_000 { add(attribute, String(n)) }
            case "reversed":
                add("reversed", "reversed")
            case "colspan", "span":
                if let n = Int(value), (1...1000).contains(n) { add(attribute, String(n)) }
            case "rowspan":
                if let n = Int(value), (0...65534).contains(n) { add(attribute, String(n)) }
            default:
                break
            }
        }
        if name == "img", !seen.contains("alt") { out.append(XHTMLAttribute(name: "alt", value: "")) }
        return out
    }

    /// HTML's rule: at least one character, no white space.
    static func isValidID(_ value: String) -> Bool {
        !value.isEmpty && !value.unicodeScalars.contains { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
            && XMLText.clean(value) == value
    }
}

extension String {
    var trimmingWhitespace: String {
        // Printable ASCII at both ends, the usual case: nothing to trim. (A
        // character is white space by its first scalar, and no grapheme
        // cluster ends in such a byte unless it starts with a non-space.)
        let utf8 = self.utf8
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }

    fileprivate func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
