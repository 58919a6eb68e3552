/// A book of one post (what `convert` and `build` make) written without a
/// tree of nodes where `ChapterWriter` can: see there for when it cannot.
extension EPUBBuilder {
    /// The book's chapter and its page, with the linker's warnings and the
    /// pictures it found; nil, with `linker` and `images` untouched, when
    /// the chapter must be made as a tree.
    func writtenChapter(_ post: Post, linker: ChapterLinker, images: BookImages, bookDirection: TextDirection)
        -> (chapter: BookChapter, page: [UInt8], linker: ChapterLinker, images: BookImages)? {
        let chapterLanguage = language(of: post)
        let chapterDirection = post.direction(language: chapterLanguage)
        guard chapterDirection != .rtl, let ids = ChapterWriter.plannedIDs(of: post.document) else { return nil }
        let title = Self.title(of: post)
        var chapter = BookChapter(post: post, id: "chapter-" + Self.number(1), title: title, language: chapterLanguage,
                                  direction: chapterDirection, nodes: [], ids: ids, sizeHint: 0)
        var linker = linker
        linker.chapterIDs[chapter.file] = ids
        linker.findChapter = Self.chapterFinder([chapter], baseURL: options.baseURL)
        // The tree's top level has an `h1` exactly when the document's has a
        // level-one heading; else the title is put before the rest.
        let hasTitleHeading = post.document.blocks.contains { block in
            if case .heading(1, _, _) = block { return true } else { return false }
        }
        var written: ChapterWriter?
        let page = BookPage.chapter(chapter, bookDirection: bookDirection) { out in
            var writer = ChapterWriter(linker: linker, images: images, file: chapter.file, post: post, out: [])
            swap(&writer.out, &out)
            if !hasTitleHeading { XHTMLNode.serialize([.element("h1", [], [.text(title)])], into: &writer.out) }
            written = XHTMLBuilder.write(post.document, tocDepth: options.tocDepth,
                                         forceTableOfContents: options.forceTableOfContents || post.tableOfContents,
                                         into: writer)
            // When the writer gave up, the page has lost its head to it and
            // is thrown away below.
            if written != nil { swap(&out, &written!.out) }
        }
        guard let written else { return nil }
        chapter.ids = written.linker.chapterIDs[chapter.file] ?? ids
        return (chapter, page, written.linker, written.images)
    }
}
