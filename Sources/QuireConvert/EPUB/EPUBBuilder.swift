import Foundation

/// Makes an EPUB 3.3 book (with an EPUB 2 `toc.ncx`) of one post, or of
/// several posts with one chapter each. The same posts and options always
/// give the same bytes: nothing comes from the clock, the zip's times are
/// fixed, and every name and id is numbered in reading order.
public struct EPUBBuilder: Sendable {
    public struct Book: Sendable {
        public var bytes: [UInt8]
        /// The local pictures the book holds.
        public var images: [LocalImage]
        /// One line each, naming the post: pictures left out, links made text.
        public var warnings: [String]
    }

    public var options: ConversionOptions
    /// Used for `dcterms:modified` when a post has no date of its own, as
    /// reproducible builds expect. Read from `SOURCE_DATE_EPOCH`.
    public var sourceDateEpoch: Date?
    /// zlib's level for the zip, 0-9. 1, by measurement: on the corpus's
    /// 1,042 books it halves deflate's time (--to epub 2.79 -> 2.61 s of
    /// processor time) for books 5.8 % larger in all (9.28 -> 9.81 MB);
    /// each book is read once by a reader, built on every save.
    public var compressionLevel: Int32 = defaultCompressionLevel
    /// Posts without raw HTML go straight from the `Document` to XHTML
    /// nodes (`XHTMLBuilder`); false sends every post through HTML and
    /// libxml2, as all did before, so tests can compare the two.
    var directChapters = true
    /// Each chapter linked as it is written (`ChapterLinker.write`), and a
    /// book of one post written straight from its `Document` without a
    /// tree where it can be (`ChapterWriter`); false makes every chapter a
    /// tree, links it and then writes it, as before, so tests can compare.
    var linksWhileWriting = true
    /// Parse every XML file of the book back with libxml2 before zipping
    /// it, and fail the book if one is not well-formed. Debug builds (so
    /// every test, the corpus tests included) do; release builds do not:
    /// each file is well-formed by construction (element and attribute
    /// names come from fixed lists, every text and value goes through
    /// `XMLText`'s escaping, which also drops what XML forbids, and Swift
    /// strings are valid UTF-8), and the parse cost 4 % of a book's time.
    var checksWellFormedness: Bool = {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }()

    /// `SOURCE_DATE_EPOCH` read from this process's environment with
    /// `getenv`: a converter makes a builder for every post, and
    /// `ProcessInfo.environment` copied the whole environment into a
    /// dictionary each time (3 % of a worker's conversion time).
    public init(options: ConversionOptions) {
        self.init(options: options, sourceDateEpochText: getenv("SOURCE_DATE_EPOCH").map { String(cString: $0) })
    }

    public init(options: ConversionOptions, environment: [String: String]) {
        self.init(options: options, sourceDateEpochText: environment["SOURCE_DATE_EPOCH"])
    }

    private init(options: ConversionOptions, sourceDateEpochText: String?) {
        self.options = options
        if let epoch = sourceDateEpochText.flatMap({ Int($0.trimmingWhitespace) }) {
            sourceDateEpoch = Date(timeIntervalSince1970: TimeInterval(epoch))
        }
    }

    /// The book of one post.
    public func build(_ post: Post) throws(ConversionError) -> Book {
        try build([post], title: nil)
    }

    /// One book of several posts, one chapter each, ordered by date (posts
    /// without a date last, then by path). Links between them stay inside
    /// the book.
    public func build(_ posts: [Post], title bookTitle: String?) throws(ConversionError) -> Book {
        guard let first = posts.first else {
            throw ConversionError(path: "book", reason: .invalidOutput("a book needs at least one post"))
        }
        let ordered = posts.count == 1 ? posts : posts.enumerated().sorted { a, b in
            switch (a.element.date, b.element.date) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.element.path == b.element.path ? a.offset < b.offset : a.element.path < b.element.path
            }
        }.map(\.element)
        let bookLanguage = language(of: ordered[0])
        let bookDirection = ordered[0].direction(language: bookLanguage)

        var chapters: [BookChapter] = []
        var earlyWarnings: [String] = []
        var linker = ChapterLinker()
        linker.baseURL = options.baseURL
        let roots = options.assetRoots
        var images = BookImages { postPath in AssetResolver(postPath: postPath, assetRoots: roots) }
        var pages: [[UInt8]] = []
        // A book of one post: its chapter written straight from the
        // document, with no tree, where `ChapterWriter` can.
        if directChapters, linksWhileWriting, ordered.count == 1,
           let written = writtenChapter(ordered[0], linker: linker, images: images, bookDirection: bookDirection) {
            chapters = [written.chapter]
            pages = [written.page]
            linker = written.linker
            images = written.images
        } else {
            // Each post's HTML, made XHTML, with unique ids.
            for (index, post) in ordered.enumerated() {
                let forceTableOfContents = options.forceTableOfContents || post.tableOfContents
                var nodes: [XHTMLNode]
                let sizeHint: Int
                if directChapters, let direct = XHTMLBuilder.nodes(of: post.document, tocDepth: options.tocDepth,
                                                                   forceTableOfContents: forceTableOfContents) {
                    (nodes, sizeHint) = direct
                } else {
                    // Raw HTML: rendered with it, then parsed and sanitised.
                    var htmlOptions = HTMLRenderer.Options(safe: false, tocDepth: options.tocDepth,
                                                           forceTableOfContents: forceTableOfContents)
                    htmlOptions.imageSources = [:]
                    let html = HTMLRenderer.render(post.document, options: htmlOptions)
                    var complete: Bool
                    (nodes, complete) = XHTMLSanitizer.sanitize(html)
                    if !complete {
                        htmlOptions.safe = true
                        nodes = XHTMLSanitizer.sanitize(HTMLRenderer.render(post.document, options: htmlOptions)).nodes
                        earlyWarnings.append("\(post.path): raw HTML nested too deeply to read; the book leaves the post's raw HTML out")
                    }
                    sizeHint = html.utf8.count
                }
                let title = Self.title(of: post)
                let hasTitleHeading = nodes.contains { if case let .element(e) = $0 { return e.name == "h1" } else { return false } }
                if !hasTitleHeading { nodes.insert(.element("h1", [], [.text(title)]), at: 0) }
                let ids = ChapterLinker.makeIDsUnique(&nodes)
                let chapterLanguage = language(of: post)
                let chapterDirection = post.direction(language: chapterLanguage)
                if chapterDirection == .rtl { XHTMLNode.keepCodeLeftToRight(&nodes) }
                chapters.append(BookChapter(post: post, id: "chapter-" + Self.number(index + 1), title: title,
                                            language: chapterLanguage, direction: chapterDirection,
                                            nodes: nodes, ids: ids, sizeHint: sizeHint))
            }

            // Links and pictures, once every chapter's ids are known.
            for chapter in chapters { linker.chapterIDs[chapter.file] = chapter.ids }
            linker.findChapter = Self.chapterFinder(chapters, baseURL: options.baseURL)
            // Each chapter linked and written, in reading order: the order the
            // pictures are numbered and the warnings listed in.
            pages.reserveCapacity(chapters.count)
            for index in chapters.indices {
                if !linksWhileWriting {
                    linker.link(&chapters[index].nodes, file: chapters[index].file, post: chapters[index].post, images: &images)
                }
                let chapter = chapters[index]
                pages.append(BookPage.chapter(chapter, bookDirection: bookDirection) { out in
                    if linksWhileWriting {
                        linker.write(chapter.nodes, file: chapter.file, post: chapter.post, images: &images, into: &out)
                    } else {
                        XHTMLNode.serialize(chapter.nodes, into: &out)
                    }
                })
            }
        }

        // The cover: a single post's `image`/`cover`, when it is a local picture.
        var coverHref: String?
        if posts.count == 1, let cover = first.image?.trimmingWhitespace, !cover.isEmpty {
            if case let .embedded(href) = images.resolve(cover, postPath: first.path) { coverHref = href }
        }

        let title = XMLText.clean(bookTitle?.trimmingWhitespace ?? "").isEmpty
            ? (posts.count == 1 ? chapters[0].title : "Collected posts")
            : XMLText.clean(bookTitle!.trimmingWhitespace)
        var authors: [String] = []
        for chapter in chapters {
            for author in chapter.post.authors {
                let clean = XMLText.clean(author).trimmingWhitespace
                if !clean.isEmpty, !authors.contains(clean) { authors.append(clean) }
            }
        }
        let dates = chapters.compactMap { Self.plausible($0.post.date) }
        let bookDate = posts.count == 1 ? dates.first : dates.max()
        let identifier = "urn:uuid:" + NameBasedUUID.make(name: Self.identityName(ordered, title: bookTitle, baseURL: options.baseURL))

        // Files, in reading order.
        var files: [(name: String, bytes: [UInt8], packed: ZipWriter.PackedEntry?)] = []
        func add(_ name: String, _ text: String, check: Bool = true) throws(ConversionError) {
            try add(name, Array(text.utf8), check: check)
        }
        func add(_ name: String, _ bytes: [UInt8], check: Bool = true) throws(ConversionError) {
            if check, checksWellFormedness, let problem = LibXML.wellFormednessError(bytes, name: name) {
                throw ConversionError(path: ordered.map(\.path).joined(separator: ", "),
                                      reason: .invalidOutput("\(name) is not well-formed XML: \(problem)"))
            }
            files.append(("EPUB/" + name, bytes, nil))
        }
        var package = PackageDocument(identifier: identifier, title: title, language: bookLanguage,
                                      direction: bookDirection, modified: modifiedDate(ordered))
        package.creators = authors
        package.date = bookDate
        if posts.count == 1 {
            package.description = first.description.map { XMLText.clean($0).trimmingWhitespace }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var subjects: [String] = []
        for chapter in chapters {
            for tag in chapter.post.tags {
                let clean = XMLText.clean(tag).trimmingWhitespace
                if !clean.isEmpty, !subjects.contains(clean) { subjects.append(clean) }
            }
        }
        package.subjects = subjects

        package.items.append(.init(id: "nav", href: "nav.xhtml", mediaType: "application/xhtml+xml", properties: "nav"))
        package.items.append(.init(id: "ncx", href: "toc.ncx", mediaType: "application/x-dtbncx+xml"))
        package.items.append(.init(id: "style", href: "style.css", mediaType: "text/css"))
        if let coverHref {
            try add("cover.xhtml", BookPage.coverPage(image: coverHref, title: title, language: bookLanguage,
                                                       direction: bookDirection))
            package.items.append(.init(id: "cover", href: "cover.xhtml", mediaType: "application/xhtml+xml"))
            package.spine.append("cover")
        }
        try add("title.xhtml", BookPage.titlePage(title: title, authors: authors,
                                                   date: bookDate.map(PackageDocument.day), language: bookLanguage,
                                                   direction: bookDirection))
        package.items.append(.init(id: "title-page", href: "title.xhtml", mediaType: "application/xhtml+xml"))
        package.spine.append("title-page")
        var entries: [Navigation.Entry] = []
        for (chapter, page) in zip(chapters, pages) {
            try add(chapter.file, page)
            package.items.append(.init(id: chapter.id, href: chapter.file, mediaType: "application/xhtml+xml"))
            package.spine.append(chapter.id)
            let toc = TableOfContents(headings: chapter.post.document.headings, depth: options.tocDepth)
            entries.append(Navigation.Entry(title: chapter.title, href: chapter.file,
                                            children: Navigation.entries(toc.entries, file: chapter.file, ids: chapter.ids),
                                            ownLanguage: chapter.direction == bookDirection ? nil
                                                : Navigation.OwnLanguage(tag: chapter.language, direction: chapter.direction)))
        }
        for image in images.entries {
            let isCover = image.href == coverHref
            package.items.append(.init(id: image.id, href: image.href, mediaType: image.mediaType,
                                       properties: isCover ? "cover-image" : nil))
            if isCover { package.coverImageID = image.id }
        }
        var landmarks: [(type: String, title: String, href: String)] = []
        if coverHref != nil { landmarks.append(("cover", "Cover", "cover.xhtml")) }
        landmarks.append(("titlepage", "Title page", "title.xhtml"))
        landmarks.append(("bodymatter", "Start of the text", chapters[0].file))
        try add("nav.xhtml", Navigation.document(title: title, language: bookLanguage, direction: bookDirection,
                                                 entries: entries, landmarks: landmarks))
        try add("toc.ncx", Navigation.ncx(identifier: identifier, title: title, entries: entries))
        let hasRightToLeft = bookDirection == .rtl || chapters.contains { $0.direction == .rtl }
        let constants = try packedConstants(path: first.path)
        files.append(("EPUB/style.css", [], hasRightToLeft ? constants.rightToLeftStylesheet : constants.stylesheet))
        try add("content.opf", package.xml())

        // The container: mimetype first and stored, then the package
        // document, then everything else in the order written.
        var zip = ZipWriter(level: compressionLevel)
        do {
            try zip.add("mimetype", Array("application/epub+zip".utf8), method: .stored)
            try zip.add("META-INF/container.xml", constants.container)
            for file in files.sorted(by: { ($0.name == "EPUB/content.opf" ? 0 : 1) < ($1.name == "EPUB/content.opf" ? 0 : 1) }) {
                if let packed = file.packed { try zip.add(file.name, packed) } else { try zip.add(file.name, file.bytes) }
            }
            for image in images.entries {
                // Compressed pictures gain nothing from deflate.
                try zip.add("EPUB/" + image.href, image.bytes, method: image.mediaType == "image/svg+xml" ? .deflated : .stored)
            }
        } catch {
            throw ConversionError(path: first.path, reason: .invalidOutput("zip: \(error)"))
        }
        return Book(bytes: zip.finish(), images: images.localImages, warnings: earlyWarnings + images.warnings + linker.warnings)
    }

    /// The files every book holds the same: packed (CRC and deflate) once
    /// per process at the default level instead of once per book.
    struct PackedConstants: Sendable {
        var container: ZipWriter.PackedEntry
        var stylesheet: ZipWriter.PackedEntry
        var rightToLeftStylesheet: ZipWriter.PackedEntry

        init(level: Int32) throws(ZipWriter.Failure) {
            container = try ZipWriter.pack(Array(BookPage.container.utf8), level: level)
            stylesheet = try ZipWriter.pack(Array(BookPage.stylesheet.utf8), level: level)
            rightToLeftStylesheet = try ZipWriter.pack(Array((BookPage.stylesheet + BookPage.rightToLeftStylesheet).utf8), level: level)
        }
    }

    static let defaultCompressionLevel: Int32 = 1
    private static let packedAtDefaultLevel = Result { () throws(ZipWriter.Failure) in try PackedConstants(level: defaultCompressionLevel) }

    private func packedConstants(path: String) throws(ConversionError) -> PackedConstants {
        do {
            if compressionLevel == Self.defaultCompressionLevel { return try Self.packedAtDefaultLevel.get() }
            return try PackedConstants(level: compressionLevel)
        } catch {
            throw ConversionError(path: path, reason: .invalidOutput("zip: \(error)"))
        }
    }

    // MARK: Metadata

    static func title(of post: Post) -> String {
        let clean = XMLText.clean(post.title).trimmingWhitespace
        return clean.isEmpty ? "Untitled" : clean
    }

    func language(of post: Post) -> String {
        post.language.flatMap(LanguageTag.valid) ?? LanguageTag.valid(options.defaultLanguage) ?? "en"
    }

    /// What the identifier is derived from: the post's web address where it
    /// has one (stable wherever the file sits), else its slug and date.
    static func identityName(_ posts: [Post], title: String?, baseURL: String?) -> String {
        let names = posts.map { post -> String in
            if let permalink = post.permalink?.trimmingWhitespace, !permalink.isEmpty {
                return (baseURL ?? "") + permalink
            }
            return "quire-post:" + post.slug + (post.date.map { ":" + PackageDocument.day($0) } ?? "")
        }
        if names.count == 1 { return names[0] }
        return "quire-book:" + (title ?? "") + "\n" + names.sorted().joined(separator: "\n")
    }

    /// `dcterms:modified`: the latest of the posts' own dates (last
    /// modified, else published), else SOURCE_DATE_EPOCH, else 2000-01-01.
    /// Never the clock, and not the file's time unless the caller asked
    /// `PostReader` for it (`modificationDate:`, which fills
    /// `lastModified`): a book depends on its post's bytes, so touching a
    /// file or checking it out again does not change the book, and a
    /// rebuild from scratch equals the published one.
    func modifiedDate(_ posts: [Post]) -> Date {
        let dates = posts.compactMap { Self.plausible($0.lastModified) ?? Self.plausible($0.date) }
        return dates.max() ?? sourceDateEpoch.flatMap { Self.plausible($0) } ?? Date(timeIntervalSince1970: 946_684_800)
    }

    /// Dates a four-digit year can write.
    static func plausible(_ date: Date?) -> Date? {
        guard let date else { return nil }
        let year = PackageDocument.year(date)
        return (1...9999).contains(year) ? Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) : nil
    }

    static func number(_ n: Int) -> String {
        n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)"
    }
}
