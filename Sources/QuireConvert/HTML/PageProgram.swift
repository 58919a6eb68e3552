/// A page template split once into literal bytes and typed slots, filled
/// from `PageValues` without Mustache: the built-in page, rendered for every
/// post that has no template of its own.
///
/// swift-mustache renders from a `[String: Any]` context: for each tag it
/// splits the name, walks the context stack through dynamic casts and
/// `Mirror`, hashes the key and builds a `String`; for the built-in page
/// that was a third of the page's cost beyond its body. This program gives
/// exactly the bytes Mustache gives for the same template and values (the
/// tests compare the two), for the subset of Mustache the built-in page
/// uses: variables (`{{x}}` escaped as `TemplateEscaping` does, `{{{x}}}`
/// and `{{&x}}` as they are), sections and inverted sections, `{{.}}` in a
/// section over a value, comments, and the standalone-line rule. Anything
/// else (partials, dotted names, set delimiters, pragmas, names that are not
/// quire's own values) makes `init` fail, and such a template goes through
/// Mustache.
struct PageProgram: Sendable {
    /// The values a slot can name: those of `PageValues` the built-in page
    /// uses, and `.` for the value a section is over.
    enum Slot: String, Sendable {
        case lang, dir, rtl, title, description, author, keywords, canonical, stylesheet, body
        case titleId, hasByline, date, datetime, draft, hasTags, tags, slug
        case current = "."
    }

    indirect enum Part: Sendable {
        case literal([UInt8])
        case escaped(Slot)
        case raw(Slot)
        case section(Slot, [Part])
        case inverted(Slot, [Part])
    }

    let parts: [Part]

    /// The built-in page's program, made once per process.
    static let builtin: PageProgram? = PageProgram(template: BuiltinPage.template)

    // MARK: Rendering

    func render(_ values: PageValues) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.body.utf8.count + values.stylesheet.utf8.count + 2048)
        Self.render(parts, values: values, current: nil, into: &out)
        return out
    }

    /// What a slot holds, in the shapes Mustache tells apart.
    private enum Value {
        case none
        case bool(Bool)
        case text(String)
        case list([String])
    }

    private static func value(_ slot: Slot, in values: PageValues, current: String?) -> Value {
        func text(_ s: String?) -> Value { s.map(Value.text) ?? .none }
        switch slot {
        case .lang: return .text(values.lang)
        case .dir: return .text(values.direction.rawValue)
        case .rtl: return .bool(values.rtl)
        case .title: return .text(values.title)
        case .description: return text(values.description)
        case .author: return text(values.author)
        case .keywords: return text(values.keywords)
        case .canonical: return text(values.canonical)
        case .stylesheet: return .text(values.stylesheet)
        case .body: return .text(values.body)
        case .titleId: return text(values.titleId)
        case .hasByline: return .bool(values.hasByline)
        case .date: return text(values.date?.text)
        case .datetime: return text(values.date?.machine)
        case .draft: return .bool(values.draft)
        case .hasTags: return .bool(values.hasTags)
        case .tags: return .list(values.tags)
        case .slug: return .text(values.slug)
        // `init` allows `.` only inside a section over a text or a list.
        case .current: return text(current)
        }
    }

    private static func render(_ parts: [Part], values: PageValues, current: String?, into out: inout [UInt8]) {
        for part in parts {
            switch part {
            case let .literal(bytes):
                out.append(contentsOf: bytes)
            case let .escaped(slot):
                switch value(slot, in: values, current: current) {
                case let .text(s): Escape.appendAttribute(s, to: &out)
                case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .none, .list: break // `init` refuses a list as a variable
                }
            case let .raw(slot):
                switch value(slot, in: values, current: current) {
                case let .text(s): out.append(contentsOf: s.utf8)
                case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .none, .list: break
                }
            case let .section(slot, inner):
                switch value(slot, in: values, current: current) {
                case .none: break
                case let .bool(b): if b { render(inner, values: values, current: current, into: &out) }
                // A value, even an empty string, is rendered once with itself as `.`.
                case let .text(s): render(inner, values: values, current: s, into: &out)
                case let .list(items): for item in items { render(inner, values: values, current: item, into: &out) }
                }
            case let .inverted(slot, inner):
                let shown: Bool
                switch value(slot, in: values, current: current) {
                case .none: shown = true
                case let .bool(b): shown = !b
                case .text: shown = false
                case let .list(items): shown = items.isEmpty
                }
                if shown { render(inner, values: values, current: current, into: &out) }
            }
        }
    }

    // MARK: Compiling

    /// The program of `template`, or nil when it uses anything beyond the
    /// subset described above.
    init?(template: String) {
        var compiler = Compiler(bytes: Array(template.utf8))
        guard let parts = compiler.parts(closing: nil, valueInScope: false), compiler.index == compiler.bytes.count
        else { return nil }
        self.parts = parts
    }

    private struct Compiler {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Parts up to the close tag of `closing` (consumed), or to the end
        /// when `closing` is nil. `valueInScope`: an enclosing section is over
        /// a text or a list, so `{{.}}` names it.
        mutating func parts(closing: Slot?, valueInScope: Bool) -> [Part]? {
            var parts: [Part] = []
            var literal: [UInt8] = []
            func flush() {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = []
            }
            while index < bytes.count {
                guard let open = find("{{", from: index) else {
                    literal.append(contentsOf: bytes[index...])
                    index = bytes.count
                    break
                }
                literal.append(contentsOf: bytes[index..<open])
                guard let tag = tag(at: open) else { return nil }
                switch tag.kind {
                case .variable, .unescaped:
                    guard let slot = Slot(rawValue: tag.name) else { return nil }
                    if slot == .current && !valueInScope { return nil }
                    if slot == .tags { return nil }
                    flush()
                    parts.append(tag.kind == .variable ? .escaped(slot) : .raw(slot))
                    index = tag.end
                case .comment, .sectionOpen, .invertedOpen, .sectionClose:
                    // Standalone: nothing but spaces and tabs around the tag
                    // on its line; the whole line goes, the tag's effect stays.
                    var lineStart = open
                    while lineStart > 0, bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09 { lineStart -= 1 }
                    var end = tag.end
                    if lineStart == 0 || bytes[lineStart - 1] == 0x0A {
                        var after = tag.end
                        while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
                        var lineEnd: Int?
                        if after == bytes.count {
                            lineEnd = after
                        } else if bytes[after] == 0x0A {
                            lineEnd = after + 1
                        } else if bytes[after] == 0x0D, after + 1 < bytes.count, bytes[after + 1] == 0x0A {
                            lineEnd = after + 2
                        }
                        if let lineEnd {
                            // The indentation is the end of `literal`: the
                            // previous tag ended on an earlier line.
                            literal.removeLast(open - lineStart)
                            end = lineEnd
                        }
                    }
                    index = end
                    switch tag.kind {
                    case .comment:
                        continue
                    case .sectionClose:
                        guard let slot = Slot(rawValue: tag.name), slot == closing else { return nil }
                        flush()
                        return parts
                    default:
                        guard let slot = Slot(rawValue: tag.name), slot != .current else { return nil }
                        flush()
                        // A section over a text or a list makes each value
                        // `.`; one over a flag, or an inverted one, keeps the
                        // enclosing `.` (an inverted one over an empty list
                        // would make the list `.`, which is refused).
                        let inScope: Bool
                        if tag.kind == .sectionOpen {
                            inScope = Self.isFlag(slot) ? valueInScope : true
                        } else {
                            inScope = slot == .tags ? false : valueInScope
                        }
                        guard let inner = self.parts(closing: slot, valueInScope: inScope) else { return nil }
                        parts.append(tag.kind == .sectionOpen ? .section(slot, inner) : .inverted(slot, inner))
                    }
                }
            }
            guard closing == nil else { return nil }
            flush()
            return parts
        }

        static func isFlag(_ slot: Slot) -> Bool {
            switch slot {
            case .rtl, .hasByline, .draft, .hasTags: return true
            default: return false
            }
        }

        enum Kind { case variable, unescaped, comment, sectionOpen, invertedOpen, sectionClose }

        /// The tag opening at `open`: its kind, its name without the white
        /// space Mustache allows around it, and the index after it.
        func tag(at open: Int) -> (kind: Kind, name: String, end: Int)? {
            var start = open + 2
            guard start < bytes.count else { return nil }
            let kind: Kind
            var closer: [UInt8] = Array("}}".utf8)
            switch bytes[start] {
            case UInt8(ascii: "{"): kind = .unescaped; closer = Array("}}}".utf8); start += 1
            case UInt8(ascii: "&"): kind = .unescaped; start += 1
            case UInt8(ascii: "!"): kind = .comment; start += 1
            case UInt8(ascii: "#"): kind = .sectionOpen; start += 1
            case UInt8(ascii: "^"): kind = .invertedOpen; start += 1
            case UInt8(ascii: "/"): kind = .sectionClose; start += 1
            case UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "%"):
                return nil
            default: kind = .variable
            }
            guard let close = find(closer, from: start) else { return nil }
            if kind == .comment { return (kind, "", close + closer.count) }
            var name = bytes[start..<close]
            while let first = name.first, first == 0x20 || first == 0x09 { name.removeFirst() }
            while let last = name.last, last == 0x20 || last == 0x09 { name.removeLast() }
            guard !name.isEmpty else { return nil }
            return (kind, String(decoding: name, as: UTF8.self), close + closer.count)
        }

        func find(_ needle: String, from start: Int) -> Int? {
            find(Array(needle.utf8), from: start)
        }

        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var i = start
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
                i += 1
            }
            return nil
        }
    }
}
