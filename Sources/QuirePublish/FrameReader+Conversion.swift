import Foundation
import QuireConvert

/// Reads what `FrameWriter+Conversion` wrote, in the same order.
extension FrameReader {
    mutating func conversion() throws(Malformed) -> Conversion {
        let post = try post()
        var outputs: [OutputFormat: [UInt8]] = [:]
        for _ in 0..<(try count()) {
            let name = try string()
            guard let format = OutputFormat(rawValue: name) else { throw Malformed(description: "unknown format \(name)") }
            outputs[format] = try blob()
        }
        var images: [LocalImage] = []
        for _ in 0..<(try count()) {
            images.append(LocalImage(reference: try string(), file: try string(), publishedPath: try string()))
        }
        return Conversion(post: post, outputs: outputs, images: images, warnings: try strings())
    }

    mutating func post() throws(Malformed) -> Post {
        let path = try string()
        let title = try string()
        let published = try date()
        let lastModified = try date()
        let authors = try strings()
        let description = try optionalString()
        let tags = try strings()
        let categories = try strings()
        let language = try optionalString()
        let permalink = try optionalString()
        let slug = try string()
        let layout = try optionalString()
        let draft = try bool()
        let image = try optionalString()
        let tableOfContents = try bool()
        var frontMatter: [String: FrontMatterValue] = [:]
        for _ in 0..<(try count()) {
            let key = try string()
            frontMatter[key] = try frontMatterValue(depth: 0)
        }
        let warnings = try strings()
        return Post(path: path, title: title, date: published, lastModified: lastModified, authors: authors,
                    description: description, tags: tags, categories: categories, language: language,
                    permalink: permalink, slug: slug, layout: layout, draft: draft, image: image,
                    tableOfContents: tableOfContents, frontMatter: frontMatter,
                    document: Document(blocks: []), warnings: warnings)
    }

    /// Depth-limited, so a corrupt frame cannot recurse us off the stack.
    mutating func frontMatterValue(depth: Int) throws(Malformed) -> FrontMatterValue {
        guard depth < 256 else { throw Malformed(description: "front matter nested too deep") }
        switch try byte() {
        case 0: return .string(try string())
        case 1: return .integer(try int())
        case 2: return .double(try double())
        case 3: return .bool(try bool())
        case 4: return .date(Date(timeIntervalSince1970: try double()))
        case 5:
            var items: [FrontMatterValue] = []
            for _ in 0..<(try count()) { items.append(try frontMatterValue(depth: depth + 1)) }
            return .array(items)
        case 6:
            var entries: [String: FrontMatterValue] = [:]
            for _ in 0..<(try count()) {
                let key = try string()
                entries[key] = try frontMatterValue(depth: depth + 1)
            }
            return .table(entries)
        case 7: return .null
        case let tag: throw Malformed(description: "unknown front matter tag \(tag)")
        }
    }

    mutating func conversionError() throws(Malformed) -> ConversionError {
        let path = try string()
        let line = try bool() ? try int() : nil
        let reason: ConversionError.Reason
        switch try byte() {
        case 0: reason = .unreadable(try string())
        case 1: reason = .invalidUTF8
        case 2: reason = .binary
        case 3: reason = .emptyPost
        case 4: reason = .frontMatter(try string())
        case 5: reason = .badDate(try string())
        case 6: reason = .badTitle
        case 7: reason = .tooLarge(limit: try int())
        case 8: reason = .tooManyTableColumns(limit: try int())
        case 9: reason = .overBudget(try string())
        case 10: reason = .crashed(try string())
        case 11: reason = .invalidOutput(try string())
        case 12: reason = .tooComplex(try string())
        case let tag: throw Malformed(description: "unknown error reason \(tag)")
        }
        return ConversionError(path: path, line: line, reason: reason)
    }
}
