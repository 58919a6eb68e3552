import Foundation

/// What a template sees. Plain Swift values: `{{…}}` escapes every one of
/// them; `body` and `stylesheet` are quire's own markup for `{{{…}}}`.
///
/// | name | value |
/// |---|---|
/// | `title`, `lang`, `description`, `author`, `authors` | from the post; `lang` falls back to the default language |
/// | `dir`, `rtl` | `rtl` or `ltr`: front matter `dir`, else the direction of `lang`'s script; `rtl` is true for `rtl` |
/// | `date`, `datetime`, `updated`, `updatedDatetime` | `2016-12-25` to show, and the value for `<time datetime>` |
/// | `canonical` | base URL + `url`/`permalink` |
/// | `tags`, `categories`, `keywords`, `hasTags` | lists, and tags and categories joined by commas |
/// | `slug`, `permalink`, `layout`, `draft`, `image` | from the post; `image` is the published address of the cover |
/// | `body`, `stylesheet` | the rendered post, the built-in CSS (with its right-to-left rules on an `rtl` page) |
/// | `titleId` | the id of the body's opening `# Title` heading, which is left out of `body` so the title shows once |
/// | `hasByline` | whether there is a date or an author to show |
/// | `page` | every front matter key as written, unknown ones included (`{{page.subtitle}}`) |
///
/// Unknown front matter keys are also available by their own name unless
/// they clash with a name above.
extension PageRenderer {
    static func values(for page: PageValues, frontMatter: [String: FrontMatterValue]) -> [String: Any] {
        var values: [String: Any] = [:]
        for (key, value) in frontMatter {
            if let converted = templateValue(value) { values[key] = converted }
        }
        values["page"] = values

        values["title"] = page.title
        values["lang"] = page.lang
        values["dir"] = page.direction.rawValue
        values["rtl"] = page.rtl
        values["description"] = page.description
        values["author"] = page.author
        values["authors"] = page.authors
        values["date"] = page.date?.text
        values["datetime"] = page.date?.machine
        if let updated = page.updated {
            values["updated"] = updated.text
            values["updatedDatetime"] = updated.machine
        }
        values["canonical"] = page.canonical
        values["tags"] = page.tags
        values["categories"] = page.categories
        values["keywords"] = page.keywords
        values["hasTags"] = page.hasTags
        values["slug"] = page.slug
        values["permalink"] = page.permalink
        values["layout"] = page.layout
        values["draft"] = page.draft
        values["image"] = page.image
        values["body"] = page.body
        values["stylesheet"] = page.stylesheet
        values["titleId"] = page.titleId
        values["hasByline"] = page.hasByline
        return values
    }

    /// A front matter value as a template uses it; dates as ISO 8601.
    static func templateValue(_ value: FrontMatterValue) -> Any? {
        switch value {
        case let .string(s): return s
        case let .integer(i): return i
        case let .double(d): return d
        case let .bool(b): return b
        case let .date(d): return timeValues(d)?.machine
        case let .array(items): return items.compactMap(templateValue)
        case let .table(table): return table.compactMapValues(templateValue)
        case .null: return nil
        }
    }

    /// A BCP 47 tag in its usual shape (`en`, `vi`, `pt-BR`, `zh-Hant-TW`);
    /// `vi_VN` is accepted as `vi-VN`. Anything else is not put into `lang`,
    /// where a validator would reject it.
    static func languageTag(_ value: String?) -> String? {
        guard let value else { return nil }
        var tag = value.trimmingSpaces()
        if tag.utf8.contains(UInt8(ascii: "_")) { tag = tag.replacingOccurrences(of: "_", with: "-") }
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count) || (5...8).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLetter }),
              parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        return tag
    }

    /// `2016-12-25` to show, and for `<time datetime>` the same day, or the
    /// UTC instant when the date has a time of day.
    static func timeValues(_ date: Date) -> (text: String, machine: String)? {
        if let c = PostDate.utcComponents(of: date) {
            return timeValues(year: c.year, month: c.month, day: c.day, hour: c.hour, minute: c.minute, second: c.second)
        }
        return timeValuesFoundation(date)
    }

    /// `timeValues` through Foundation's calendar: the general form.
    static func timeValuesFoundation(_ date: Date) -> (text: String, machine: String)? {
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = c.year, let month = c.month, let day = c.day else { return nil }
        return timeValues(year: year, month: month, day: day, hour: c.hour ?? 0, minute: c.minute ?? 0, second: c.second ?? 0)
    }

    private static func timeValues(year: Int, month: Int, day: Int, hour: Int, minute: Int,
                                   second: Int) -> (text: String, machine: String)? {
        guard (1...9999).contains(year) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yearText = String(repeating: "0", count: 4 - String(year).count) + String(year)
        let text = "\(yearText)-\(two(month))-\(two(day))"
        if hour == 0 && minute == 0 && second == 0 { return (text, text) }
        return (text, "\(text)T\(two(hour)):\(two(minute)):\(two(second))Z")
    }

    /// The base URL joined to the permalink with one `/`; an absolute
    /// http(s) permalink is used as it is. Nothing without both, or with a
    /// scheme that is not http(s).
    static func canonicalURL(permalink: String?, baseURL: String?) -> String? {
        guard let permalink = permalink?.trimmingSpaces(), !permalink.isEmpty else { return nil }
        func isWeb(_ url: String) -> Bool {
            let lower = url.lowercased()
            return lower.hasPrefix("https://") || lower.hasPrefix("http://")
        }
        if URLSafety.hasScheme(permalink) || permalink.hasPrefix("//") {
            return isWeb(permalink) ? Escape.url(permalink) : nil
        }
        guard let base = baseURL?.trimmingSpaces(), isWeb(base) else { return nil }
        var joined = base
        while joined.hasSuffix("/") { joined.removeLast() }
        joined += "/" + permalink.drop { $0 == "/" }
        return Escape.url(joined)
    }
}
