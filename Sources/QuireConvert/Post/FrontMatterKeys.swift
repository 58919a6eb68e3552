import Foundation

/// Reads the keys Jekyll and Hugo users write, whichever spelling they
/// chose, and turns values of the wrong kind into errors that name the line.
struct FrontMatterKeys {
    let values: [String: FrontMatterValue]
    let frontMatter: FrontMatter
    let path: String

    /// The first of `keys` that is present and not null.
    func first(_ keys: [String]) -> (key: String, value: FrontMatterValue)? {
        for key in keys {
            if let value = values[key], value != .null { return (key, value) }
        }
        return nil
    }

    func line(of keys: String...) -> Int? {
        for key in keys where values[key] != nil {
            if let line = frontMatter.line(ofKey: key) { return line }
        }
        return nil
    }

    /// Text, trimmed; nil when absent, empty, or not a scalar.
    func string(_ keys: String...) -> String? {
        guard let (_, value) = first(keys), let text = Self.text(value) else { return nil }
        let trimmed = text.trimmingWhitespaceAndNewlines()
        return trimmed.isEmpty ? nil : trimmed
    }

    static func text(_ value: FrontMatterValue) -> String? {
        if case let .date(date) = value { return ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withInternetDateTime]) }
        return value.stringValue
    }

    /// `title` must be text: a list or a mapping is an error, not a guess.
    func title() throws(ConversionError) -> String? {
        guard let (key, value) = first(["title"]) else { return nil }
        switch value {
        case .array, .table:
            throw ConversionError(path: path, line: frontMatter.line(ofKey: key), reason: .badTitle)
        default:
            let text = Self.text(value)?.trimmingWhitespaceAndNewlines() ?? ""
            return text.isEmpty ? nil : text
        }
    }

    /// A date from a native YAML/TOML date or a string in one of the forms
    /// `PostDate` reads; anything else present is `.badDate` with its line.
    func date(_ keys: String...) throws(ConversionError) -> Date? {
        guard let (key, value) = first(keys) else { return nil }
        switch value {
        case let .date(date):
            return date
        case let .string(text) where text.trimmingSpaces().isEmpty:
            return nil
        case let .string(text):
            if let date = PostDate.parse(text) { return date }
            throw ConversionError(path: path, line: frontMatter.line(ofKey: key), reason: .badDate(text))
        default:
            let shown = Self.text(value) ?? "\(value)"
            throw ConversionError(path: path, line: frontMatter.line(ofKey: key), reason: .badDate(shown))
        }
    }

    /// A flag; `yes`/`no`/`on`/`off` too, as Jekyll's YAML 1.1 reads them.
    func flag(_ key: String) -> Bool? {
        guard let (_, value) = first([key]) else { return nil }
        switch value {
        case let .bool(flag): return flag
        case let .integer(number): return number != 0
        case let .string(text):
            switch text.trimmingSpaces().lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A list from a list, or from one string: split at commas when it has
    /// any, else (for tags and categories) at blanks, as Jekyll does.
    /// Authors given as mappings (`{name: …}`) give their name.
    func list(_ listKey: String, _ singleKey: String, splitting: Bool) -> [String] {
        guard let (_, value) = first([listKey, singleKey]) else { return [] }
        // Only a single string is split: each element of a list is one item.
        func items(_ value: FrontMatterValue, inList: Bool) -> [String] {
            switch value {
            case let .array(values): return values.flatMap { items($0, inList: true) }
            case let .table(table): return table["name"].flatMap(Self.text).map { [$0] } ?? []
            case .null: return []
            default:
                guard let text = Self.text(value) else { return [] }
                if inList { return [text] }
                if text.contains(",") { return text.split(separator: ",").map(String.init) }
                if splitting { return text.split(whereSeparator: \.isWhitespace).map(String.init) }
                return [text]
            }
        }
        var seen = Set<String>()
        return items(value, inList: false)
            .map { $0.trimmingWhitespaceAndNewlines() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// `image` or `cover` as a string, or Hugo's `cover: {image: …}` and
    /// jekyll-seo-tag's `image: {path: …}`.
    func image() -> String? {
        guard let (_, value) = first(["image", "cover"]) else { return nil }
        switch value {
        case let .table(table):
            for key in ["image", "path", "src", "url"] {
                if let text = table[key].flatMap(Self.text), !text.isEmpty { return text }
            }
            return nil
        default:
            let text = Self.text(value)?.trimmingWhitespaceAndNewlines()
            return text?.isEmpty == false ? text : nil
        }
    }
}
