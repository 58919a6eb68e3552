import Foundation

/// One post: what its front matter says, in the keys Jekyll and Hugo users
/// write, and its parsed body.
public struct Post: Sendable {
    /// The path the post was read from, as given: errors and warnings name it.
    public var path: String
    public var title: String
    public var date: Date?
    /// `last_modified_at` / `lastmod`: when the post last changed.
    public var lastModified: Date?
    public var authors: [String]
    public var description: String?
    public var tags: [String]
    public var categories: [String]
    /// A BCP 47 language tag, if the post names one.
    public var language: String?
    /// `url` or `permalink` as written, if any; nil when it climbs out of
    /// the site (`PostReader` warns and the slug places the post).
    public var permalink: String?
    /// The file name of the outputs: `slug`, else the last segment of the
    /// permalink, else the file name without a date prefix.
    public var slug: String
    public var layout: String?
    public var draft: Bool
    /// `image` or `cover` as written.
    public var image: String?
    /// Front matter `toc: true` asks for a table of contents without a placeholder.
    public var tableOfContents: Bool
    /// Every front matter key, the unknown ones included, for templates.
    public var frontMatter: [String: FrontMatterValue]
    public var document: Document
    /// One line each, naming the post: a slug that had to be made safe.
    public var warnings: [String]

    public init(path: String, title: String, date: Date? = nil, lastModified: Date? = nil,
                authors: [String] = [], description: String? = nil, tags: [String] = [],
                categories: [String] = [], language: String? = nil, permalink: String? = nil,
                slug: String, layout: String? = nil, draft: Bool = false, image: String? = nil,
                tableOfContents: Bool = false, frontMatter: [String: FrontMatterValue] = [:],
                document: Document, warnings: [String] = []) {
        self.path = path
        self.title = title
        self.date = date
        self.lastModified = lastModified
        self.authors = authors
        self.description = description
        self.tags = tags
        self.categories = categories
        self.language = language
        self.permalink = permalink
        self.slug = slug
        self.layout = layout
        self.draft = draft
        self.image = image
        self.tableOfContents = tableOfContents
        self.frontMatter = frontMatter
        self.document = document
        self.warnings = warnings
    }
}
