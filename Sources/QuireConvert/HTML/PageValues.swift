/// The values quire itself gives a page, typed. A user template sees them
/// in a `[String: Any]` dictionary (`PageRenderer.values`) beside the front
/// matter; the built-in page reads them directly (`PageProgram`), so
/// both see the same values, made in one place.
struct PageValues {
    var title: String
    var lang: String
    var direction: TextDirection
    var description: String?
    /// The authors joined by commas, when that says anything.
    var author: String?
    var authors: [String]
    var date: (text: String, machine: String)?
    var updated: (text: String, machine: String)?
    var canonical: String?
    var tags: [String]
    var categories: [String]
    /// Tags and categories joined by commas, when there are any.
    var keywords: String?
    var slug: String
    var permalink: String?
    var layout: String?
    var draft: Bool
    /// The published address of the cover, when it is safe to show.
    var image: String?
    var body: String
    /// The id of the body's opening `# Title` heading, taken out of `body`.
    var titleId: String?

    var rtl: Bool { direction == .rtl }
    var hasTags: Bool { !tags.isEmpty }
    var hasByline: Bool { date != nil || author != nil }

    /// The built-in CSS, with its right-to-left rules on an `rtl` page.
    var stylesheet: String {
        direction == .rtl ? Self.rightToLeftStylesheet : BuiltinPage.stylesheet
    }

    private static let rightToLeftStylesheet = BuiltinPage.stylesheet + "\n" + BuiltinPage.rightToLeftStylesheet

    init(post: Post, body: String, titleId: String?, imageSources: [String: String], options: ConversionOptions) {
        let title = post.title.trimmingWhitespaceAndNewlines()
        self.title = title.isEmpty ? post.slug : title
        lang = PageRenderer.languageTag(post.language) ?? PageRenderer.languageTag(options.defaultLanguage) ?? "en"
        direction = post.direction(language: lang)
        description = Self.nonEmpty(post.description)
        author = Self.nonEmpty(post.authors.joined(separator: ", "))
        authors = post.authors
        date = post.date.flatMap(PageRenderer.timeValues)
        updated = post.lastModified.flatMap(PageRenderer.timeValues)
        canonical = PageRenderer.canonicalURL(permalink: post.permalink, baseURL: options.baseURL)
        tags = post.tags
        categories = post.categories
        keywords = Self.nonEmpty((post.tags + post.categories).joined(separator: ", "))
        slug = post.slug
        permalink = post.permalink
        layout = post.layout
        draft = post.draft
        if let image = post.image, !image.isEmpty {
            let source = imageSources[image] ?? image
            self.image = URLSafety.isSafe(source, forImage: true) ? source : nil
        } else {
            image = nil
        }
        self.body = body
        self.titleId = titleId
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmingWhitespaceAndNewlines().isEmpty else { return nil }
        return s
    }
}
