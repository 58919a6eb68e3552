import Foundation

/// What `quire` can make of a post.
public enum OutputFormat: String, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case html, epub, text

    public var fileExtension: String {
        switch self {
        case .html: return "html"
        case .epub: return "epub"
        case .text: return "txt"
        }
    }

    public static func < (a: OutputFormat, b: OutputFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Everything that shapes a conversion. Two conversions of the same bytes
/// with equal options give the same outputs. Codable so that the options
/// cross into a conversion worker process whole, new fields included.
public struct ConversionOptions: Sendable, Codable, Equatable {
    public var formats: Set<OutputFormat> = [.html]
    /// Folders that site-absolute paths such as `/assets/x.png` resolve in.
    public var assetRoots: [String] = []
    /// Drop raw HTML from pages (books and newsletters always sanitise it).
    public var safe = false
    public var smartPunctuation = false
    public var tocDepth = 3
    public var forceTableOfContents = false
    /// The site's address, for canonical URLs and absolute newsletter links.
    public var baseURL: String?
    /// A folder of Mustache templates that override the built-in page.
    public var templateDirectory: String?
    public var defaultLanguage = "en"
    /// Columns of the plain-text form.
    public var textWidth = 72
    /// Size, table-width and front matter limits checked before parsing.
    public var limits = Limits()
    /// Strong emphasis in the plain-text form as UPPER CASE, not `**text**`.
    public var uppercaseStrong = false
    /// The plain-text form as RFC 3676 format=flowed.
    public var flowed = false

    public init() {}
}

/// The outputs of one post, ready to publish.
public struct Conversion: Sendable {
    public var post: Post
    public var outputs: [OutputFormat: [UInt8]]
    /// The local images the post uses, for copying beside the page and for
    /// knowing when to rebuild.
    public var images: [LocalImage]
    /// One line each, naming the post: missing images, refused paths.
    public var warnings: [String]

    public init(post: Post, outputs: [OutputFormat: [UInt8]], images: [LocalImage] = [], warnings: [String] = []) {
        self.post = post
        self.outputs = outputs
        self.images = images
        self.warnings = warnings
    }
}

/// An image on disk that a post references.
public struct LocalImage: Sendable, Hashable {
    /// The source as the writer wrote it: `../img/a.png`, `/assets/a.png`.
    public var reference: String
    /// The file it resolved to, inside the post's folder or an asset root.
    public var file: String
    /// Where a copy goes relative to the page: `a.png`, `assets/a.png`.
    public var publishedPath: String

    public init(reference: String, file: String, publishedPath: String) {
        self.reference = reference
        self.file = file
        self.publishedPath = publishedPath
    }
}

/// Reads a post once and renders every format asked for from one parse.
public struct Converter: Sendable {
    public var options: ConversionOptions {
        didSet {
            if options.templateDirectory != oldValue.templateDirectory { pages = Self.pages(options) }
        }
    }
    /// The page templates, parsed once per template folder, not per post.
    private var pages: Result<PageRenderer, TemplateError>

    public init(options: ConversionOptions = ConversionOptions()) {
        self.options = options
        pages = Self.pages(options)
    }

    /// Why the template folder cannot be used, if it cannot: worth checking
    /// once before many posts fail for the same reason.
    public var templateError: TemplateError? {
        if case let .failure(error) = pages { return error }
        return nil
    }

    public func convert(file path: String) throws(ConversionError) -> Conversion {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConversionError(path: path, reason: .unreadable(error.localizedDescription))
        }
        return try convert(bytes: bytes, path: path)
    }

    public func convert(bytes: [UInt8], path: String) throws(ConversionError) -> Conversion {
        let post = try PostReader.read(
            bytes: bytes, path: path,
            options: MarkdownParser.Options(smartPunctuation: options.smartPunctuation),
            limits: options.limits)
        let images = ResolvedImages(post: post, resolver: AssetResolver(postPath: path, assetRoots: options.assetRoots))
        var outputs: [OutputFormat: [UInt8]] = [:]
        if options.formats.contains(.html) {
            let page: PageRenderer
            switch pages {
            case let .success(renderer): page = renderer
            case let .failure(error):
                throw ConversionError(path: error.path, line: error.line, reason: .unreadable("template: \(error.message)"))
            }
            outputs[.html] = page.renderBytes(post, imageSources: images.sources, options: options)
        }
        if options.formats.contains(.text) {
            var textOptions = TextRenderer.Options(width: options.textWidth, baseURL: options.baseURL,
                                                   uppercaseStrong: options.uppercaseStrong, flowed: options.flowed)
            textOptions.tocDepth = options.tocDepth
            textOptions.forceTableOfContents = options.forceTableOfContents
            outputs[.text] = TextRenderer.renderBytes(post, options: textOptions)
        }
        var localImages = images.images
        var warnings = post.warnings + images.warnings
        if options.formats.contains(.epub) {
            let book = try EPUBBuilder(options: options).build(post)
            outputs[.epub] = book.bytes
            for image in book.images where !localImages.contains(image) { localImages.append(image) }
            // The book resolves images with the same AssetResolver: its
            // warnings about them are the page's, said once.
            for warning in book.warnings where !warnings.contains(warning) { warnings.append(warning) }
        }
        return Conversion(post: post, outputs: outputs, images: localImages, warnings: warnings)
    }

    private static func pages(_ options: ConversionOptions) -> Result<PageRenderer, TemplateError> {
        do {
            return .success(try PageRenderer(templateDirectory: options.templateDirectory))
        } catch {
            return .failure(error)
        }
    }
}
