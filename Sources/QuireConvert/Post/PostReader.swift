import Foundation

/// Turns a file's bytes into a `Post`: checks the input, splits off the
/// front matter, reads it within its budget, maps the keys Jekyll and Hugo
/// write onto `Post`, guards cmark-gfm against very wide tables and its
/// other quadratic inputs (`InlineCostGuard`), and parses the Markdown once.
public enum PostReader {
    /// - Parameters:
    ///   - modificationDate: the file's modification time, used for
    ///     `lastModified` when the front matter names none. Left out, the
    ///     post depends on its bytes alone.
    public static func read(bytes: [UInt8], path: String, options: MarkdownParser.Options = .init(),
                            limits: Limits = Limits(), modificationDate: Date? = nil) throws(ConversionError) -> Post {
        let text = try InputCheck.text(of: bytes, path: path, limits: limits)
        let frontMatter = try FrontMatter.split(text, path: path)
        let values: [String: FrontMatterValue]
        switch frontMatter.format {
        case .yaml: values = try YAMLFrontMatter.parse(frontMatter, path: path, limits: limits)
        case .toml: values = try TOMLFrontMatter.parse(frontMatter, path: path, limits: limits)
        case .json: values = try JSONFrontMatter.parse(frontMatter, path: path, limits: limits)
        case nil: values = [:]
        }
        let keys = FrontMatterKeys(values: values, frontMatter: frontMatter, path: path)

        let writtenTitle = try keys.title()
        if writtenTitle == nil, frontMatter.body.allSatisfy(\.isWhitespace) {
            throw ConversionError(path: path, reason: .emptyPost)
        }
        try TableColumnGuard.check(frontMatter.body, path: path, firstLine: frontMatter.bodyFirstLine,
                                   limit: limits.maximumTableColumns)
        try InlineCostGuard.check(frontMatter.body, path: path, firstLine: frontMatter.bodyFirstLine,
                                  limit: limits.maximumInlineWork)
        let document = MarkdownParser.parse(frontMatter.body, options: options)

        let fileName = (path as NSString).lastPathComponent
        let permalink = keys.string("url", "permalink")
        let (slug, unsafeSource) = Slug.make(slug: keys.string("slug"), permalink: permalink, fileName: fileName)
        var warnings: [String] = []
        // A permalink that climbs is refused here, once, with the line it is
        // on: the post is published under its slug, as the warning says,
        // and no target has to refuse the same permalink again.
        let publishedPermalink = permalink.flatMap { Slug.climbs($0) && unsafeSource == $0 ? nil : $0 }
        if let unsafeSource {
            let line = keys.line(of: "slug", "url", "permalink")
            let place = line.map { "\(path):\($0)" } ?? path
            warnings.append("\(place): \"\(unsafeSource)\" is not a safe file name inside a target; writing \"\(slug)\" instead")
        }
        if let bad = TextDirection.written(values["dir"]).bad {
            let place = keys.line(of: "dir").map { "\(path):\($0)" } ?? path
            warnings.append("\(place): dir \"\(bad.oneLine)\" is neither rtl nor ltr; the post reads left to right")
        }

        let title = writtenTitle
            ?? document.firstTitle.flatMap { $0.isEmpty ? nil : $0 }
            ?? permalink.flatMap(Slug.lastSegment(ofPermalink:)).map(PostTitle.words(from:))
            ?? PostTitle.words(from: Slug.stem(ofFileName: fileName))

        return Post(
            path: path,
            title: title,
            date: try keys.date("date") ?? PostDate.fromFileName(fileName),
            lastModified: try keys.date("last_modified_at", "lastmod") ?? modificationDate,
            authors: keys.list("authors", "author", splitting: false),
            description: keys.string("description", "summary"),
            tags: keys.list("tags", "tag", splitting: true),
            categories: keys.list("categories", "category", splitting: true),
            language: keys.string("lang", "language"),
            permalink: publishedPermalink,
            slug: slug,
            layout: keys.string("layout"),
            draft: keys.flag("draft") ?? keys.flag("published").map { !$0 } ?? false,
            image: keys.image(),
            tableOfContents: keys.flag("toc") ?? false,
            frontMatter: values,
            document: document,
            warnings: warnings)
    }
}
