/// The body of a book's only chapter written as XHTML bytes while
/// `XHTMLBuilder` walks the post's `Document`, each link and picture
/// resolved as it comes: no tree of nodes is made, linked, written and
/// freed (for the corpus's release notes, thousands of elements a post,
/// making, walking and freeing that tree was about four fifths of a
/// book's own time, resolving the links included).
///
/// Links to fragments need the chapter's ids before it is written. A
/// direct chapter's ids are its headings' (`plannedIDs`), `fn-N` of its
/// footnotes, and `fnref-N` of the references to them, which are seen as
/// they are written; a link to one not yet written, ids that would clash
/// (which `ChapterLinker.makeIDsUnique` would drop), right-to-left text
/// (`keepCodeLeftToRight`) and books of several posts all take the tree,
/// as everything did before. `ChapterLinkerTests` holds the two to the
/// same bytes and warnings.
struct ChapterWriter {
    var linker: ChapterLinker
    var images: BookImages
    let file: String
    let post: Post
    var out: [UInt8]
    /// Set when the chapter must be made as a tree after all.
    private(set) var failed = false
    /// How each open `a` is written, innermost last.
    private var links: [OpenLink] = []
    private enum OpenLink {
        /// Kept as an element.
        case element
        /// Inside another link: its words in a `span` that keeps its id.
        case span
        /// Only its words.
        case words
    }
    /// The target of the open kept link, and whether its words so far are
    /// more than white space (as `ChapterLinker.isBlank` reads them).
    private var linkTarget: String?
    private var linkHasContent = false

    init(linker: ChapterLinker, images: BookImages, file: String, post: Post, out: [UInt8]) {
        self.linker = linker
        self.images = images
        self.file = file
        self.post = post
        self.out = out
    }

    /// The ids of a chapter built straight from `document`, when no two of
    /// them clash; nil when `makeIDsUnique` would have work to do.
    static func plannedIDs(of document: Document) -> Set<String>? {
        var ids: Set<String> = []
        var clash = false
        func collect(_ blocks: [Block]) {
            Document.eachHeading(in: blocks) { _, id, _ in
                // As `XHTMLBuilder` writes it: cleaned, then kept if valid.
                let id = XMLText.clean(id)
                guard XHTMLSanitizer.isValidID(id) else { return }
                if id.hasPrefix("fn-") || id.hasPrefix("fnref-") || !ids.insert(id).inserted { clash = true }
            }
        }
        collect(document.blocks)
        for footnote in document.footnotes { collect(footnote.blocks) }
        if clash { return nil }
        for number in document.footnotes.indices { ids.insert("fn-" + String(number + 1)) }
        return ids
    }

    /// A run of text as the builder has it, not yet cleaned: escaping
    /// drops the characters XML forbids, as `XMLText.clean` would (so a
    /// run of nothing else writes nothing, as the tree makes no node of
    /// it). Inside a link its words are judged cleaned, as the tree's are.
    mutating func text(_ text: String) {
        XMLText.appendEscaped(text, quotes: false, to: &out)
        if !links.isEmpty, !linkHasContent, !XMLText.clean(text).trimmingWhitespace.isEmpty { linkHasContent = true }
    }

    mutating func open(_ name: String, _ attributes: [XHTMLAttribute]) {
        // Every id is written (a link's on the link, or on a `span` inside
        // another link), as `makeIDsUnique` counts them in the tree: a note's
        // way back may name one (`fnref-N`, on a `sup` inside a link).
        if let id = attributes.first(where: { $0.name == "id" })?.value {
            linker.chapterIDs[file, default: []].insert(id)
        }
        guard name == "a" else {
            XHTMLNode.appendStartTag(name, attributes, to: &out)
            out.append(0x3E)  // >
            return
        }
        let inLink = !links.isEmpty
        if !inLink, let href = attributes.first(where: { $0.name == "href" })?.value, mayNameUnwrittenID(href) {
            failed = true
        }
        let (keep, target, dropped) = linker.planLink(attributes, inLink: inLink, file: file, post: post)
        guard keep else {
            if inLink, let id = attributes.first(where: { $0.name == "id" })?.value {
                links.append(.span)
                ChapterLinker.appendIDSpanStartTag(id, to: &out)
            } else {
                links.append(.words)
            }
            return
        }
        links.append(.element)
        ChapterLinker.appendLinkStartTag(attributes, target: target, dropped: dropped, to: &out)
        linkTarget = target
        linkHasContent = false
    }

    /// Whether `href`'s fragment may be the id of a footnote reference
    /// further on (`fnref-N`), unknown yet: then only the tree can tell
    /// where the link goes. Read as `resolveLink` reads it: cleaned, cut
    /// at the first `#`, percent-decoded.
    private func mayNameUnwrittenID(_ href: String) -> Bool {
        let hasHash = href.utf8.withContiguousStorageIfAvailable { $0.contains(0x23) } ?? href.utf8.contains(0x23)
        guard hasHash else { return false }
        let cleaned = XMLText.clean(href)
        guard let hash = cleaned.utf8.firstIndex(of: 0x23) else { return false }
        let fragment = ChapterLinker.decode(String(cleaned[cleaned.index(after: hash)...]))
        return fragment.contains("fnref") && linker.chapterIDs[file]?.contains(fragment) != true
    }

    mutating func close(_ name: String) {
        guard name == "a" else {
            XHTMLNode.appendEndTag(name, to: &out)
            return
        }
        switch links.removeLast() {
        case .words: return
        case .span:
            XHTMLNode.appendEndTag("span", to: &out)
            return
        case .element: break
        }
        if let target = linkTarget, !linkHasContent {
            XMLText.appendEscaped(ChapterLinker.words(forBlankLinkTo: target), quotes: false, to: &out)
        }
        XHTMLNode.appendEndTag("a", to: &out)
        linkTarget = nil
    }

    mutating func void(_ name: String, _ attributes: [XHTMLAttribute]) {
        guard name == "img" else {
            XHTMLNode.appendStartTag(name, attributes, to: &out)
            XHTMLNode.appendEmptyTagEnd(to: &out)
            return
        }
        let inLink = !links.isEmpty
        if ChapterLinker.writeImage(attributes, children: [], post: post, images: &images, inLink: inLink, into: &out), inLink {
            linkHasContent = true
        }
    }
}
