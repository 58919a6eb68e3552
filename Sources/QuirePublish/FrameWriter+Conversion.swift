import Foundation
import QuireConvert

/// How a conversion and its error are laid out in a frame. `FrameReader+Conversion`
/// reads them back in the same order; the round-trip test compares every
/// stored property, so a field added to `Post` or `Conversion` without a
/// line here fails a test instead of vanishing on the way.
extension FrameWriter {
    mutating func conversion(_ c: Conversion) {
        post(c.post)
        int(c.outputs.count)
        for (format, bytes) in c.outputs.sorted(by: { $0.key < $1.key }) {
            string(format.rawValue)
            blob(bytes)
        }
        int(c.images.count)
        for image in c.images {
            string(image.reference)
            string(image.file)
            string(image.publishedPath)
        }
        strings(c.warnings)
    }

    /// Everything but the document, which stays in the worker.
    mutating func post(_ p: Post) {
        string(p.path)
        string(p.title)
        date(p.date)
        date(p.lastModified)
        strings(p.authors)
        optionalString(p.description)
        strings(p.tags)
        strings(p.categories)
        optionalString(p.language)
        optionalString(p.permalink)
        string(p.slug)
        optionalString(p.layout)
        bool(p.draft)
        optionalString(p.image)
        bool(p.tableOfContents)
        int(p.frontMatter.count)
        for (key, value) in p.frontMatter.sorted(by: { $0.key < $1.key }) {
            string(key)
            frontMatterValue(value)
        }
        strings(p.warnings)
    }

    mutating func frontMatterValue(_ value: FrontMatterValue) {
        switch value {
        case let .string(s): byte(0); string(s)
        case let .integer(i): byte(1); int(i)
        case let .double(d): byte(2); double(d)
        case let .bool(b): byte(3); bool(b)
        case let .date(d): byte(4); double(d.timeIntervalSince1970)
        case let .array(items):
            byte(5)
            int(items.count)
            for item in items { frontMatterValue(item) }
        case let .table(entries):
            byte(6)
            int(entries.count)
            for (key, item) in entries.sorted(by: { $0.key < $1.key }) {
                string(key)
                frontMatterValue(item)
            }
        case .null: byte(7)
        }
    }

    mutating func conversionError(_ e: ConversionError) {
        string(e.path)
        bool(e.line != nil)
        if let line = e.line { int(line) }
        // No `default:` on purpose: a new reason does not compile until it
        // has a code here and in the reader.
        switch e.reason {
        case let .unreadable(s): byte(0); string(s)
        case .invalidUTF8: byte(1)
        case .binary: byte(2)
        case .emptyPost: byte(3)
        case let .frontMatter(s): byte(4); string(s)
        case let .badDate(s): byte(5); string(s)
        case .badTitle: byte(6)
        case let .tooLarge(limit): byte(7); int(limit)
        case let .tooManyTableColumns(limit): byte(8); int(limit)
        case let .overBudget(s): byte(9); string(s)
        case let .crashed(s): byte(10); string(s)
        case let .invalidOutput(s): byte(11); string(s)
        case let .tooComplex(s): byte(12); string(s)
        }
    }
}
