/// Linking a chapter and writing it in one walk of its nodes: the bytes
/// `link(_:file:post:images:)` then `XHTMLNode.serialize` give, without
/// taking every element out of the tree and putting it back first (the
/// linker's walk and then the serialiser's were two fifths of a book's own
/// time on the corpus, retains and releases mostly). For books of several
/// posts and chapters that need their tree (`ChapterWriter` says which);
/// the tree form stays as the reference `ChapterLinkerTests` holds this
/// walk to, bytes and warnings. `ChapterWriter` writes its links and
/// pictures with the same pieces (below).
extension ChapterLinker {
    mutating func write(_ nodes: [XHTMLNode], file: String, post: Post, images: inout BookImages, into out: inout [UInt8]) {
        _ = write(nodes, file: file, post: post, images: &images, inLink: false, into: &out)
    }

    /// Inside a link, whether what it wrote is not blank as `isBlank` reads
    /// the linked nodes (a picture, or text other than white space): a link
    /// with blank words gets its address as words. Outside a link nothing
    /// asks, and it does not look.
    private mutating func write(_ nodes: [XHTMLNode], file: String, post: Post, images: inout BookImages,
                                inLink: Bool, into out: inout [UInt8]) -> Bool {
        var content = false
        for node in nodes {
            switch node {
            case let .text(text):
                XMLText.appendEscaped(text, quotes: false, to: &out)
                if inLink, !content, !text.trimmingWhitespace.isEmpty { content = true }
            case let .element(e):
                switch e.name {
                case "a":
                    if writeLink(e, file: file, post: post, images: &images, inLink: inLink, into: &out) { content = true }
                case "img":
                    if Self.writeImage(e.attributes, children: e.children, post: post, images: &images, inLink: inLink, into: &out) {
                        content = true
                    }
                default:
                    XHTMLNode.appendStartTag(e.name, e.attributes, to: &out)
                    if e.children.isEmpty && XHTMLElement.isVoid(e.name) {
                        XHTMLNode.appendEmptyTagEnd(to: &out)
                    } else {
                        out.append(0x3E)  // >
                        if write(e.children, file: file, post: post, images: &images, inLink: inLink, into: &out) { content = true }
                        XHTMLNode.appendEndTag(e.name, to: &out)
                    }
                }
            }
        }
        return content
    }

    /// `rewrite`'s `a`: a link inside a link, or one that must become text
    /// and has no id, leaves its words only (inside a link, in a `span`
    /// that keeps its id).
    private mutating func writeLink(_ e: XHTMLElement, file: String, post: Post, images: inout BookImages,
                                    inLink: Bool, into out: inout [UInt8]) -> Bool {
        let (keep, target, dropped) = planLink(e.attributes, inLink: inLink, file: file, post: post)
        guard keep else {
            guard inLink, let id = e["id"] else {
                return write(e.children, file: file, post: post, images: &images, inLink: true, into: &out)
            }
            Self.appendIDSpanStartTag(id, to: &out)
            let content = write(e.children, file: file, post: post, images: &images, inLink: true, into: &out)
            XHTMLNode.appendEndTag("span", to: &out)
            return content
        }
        Self.appendLinkStartTag(e.attributes, target: target, dropped: dropped, to: &out)
        let content = write(e.children, file: file, post: post, images: &images, inLink: true, into: &out)
        if let target, !content {
            XMLText.appendEscaped(Self.words(forBlankLinkTo: target), quotes: false, to: &out)
        }
        XHTMLNode.appendEndTag("a", to: &out)
        return true
    }

    // MARK: Shared with `ChapterWriter`

    /// What `rewrite` makes of an `a` with these attributes: kept as an
    /// element, or only its words (inside another link, or made text with
    /// no id to keep); the target its `href` resolves to; and whether the
    /// link was made text, which drops its `href` and `title`.
    mutating func planLink(_ attributes: [XHTMLAttribute], inLink: Bool, file: String, post: Post)
        -> (keep: Bool, target: String?, dropped: Bool) {
        guard !inLink else { return (false, nil, false) }
        guard let href = attributes.first(where: { $0.name == "href" })?.value else { return (true, nil, false) }
        if let target = resolveLink(href, file: file, post: post) { return (true, target, false) }
        return (attributes.contains { $0.name == "id" }, nil, true)
    }

    /// `<span id="…">`, where a link inside a link keeps its id.
    static func appendIDSpanStartTag(_ id: String, to out: inout [UInt8]) {
        XHTMLNode.appendStartTag("span", [XHTMLAttribute(name: "id", value: id)], to: &out)
        out.append(0x3E)  // >
    }

    /// A kept link's start tag: the attributes it keeps, then the resolved
    /// `href` last, where setting it in the tree put it.
    static func appendLinkStartTag(_ attributes: [XHTMLAttribute], target: String?, dropped: Bool, to out: inout [UInt8]) {
        out.append(0x3C)  // <
        out.append(0x61)  // a
        for attribute in attributes {
            if attribute.name == "href" && (target != nil || dropped) { continue }
            if attribute.name == "title" && dropped { continue }
            XHTMLNode.appendAttribute(attribute.name, attribute.value, to: &out)
        }
        if let target { XHTMLNode.appendAttribute("href", target, to: &out) }
        out.append(0x3E)  // >
    }

    /// `rewrite`'s `img`: the book's copy (`src` written last, where
    /// setting it put it) or its stand-in. True when it gives a link words
    /// (as `isBlank` reads them); outside a link nothing asks.
    static func writeImage(_ attributes: [XHTMLAttribute], children: [XHTMLNode], post: Post, images: inout BookImages,
                           inLink: Bool, into out: inout [UInt8]) -> Bool {
        let source = attributes.first(where: { $0.name == "src" })?.value ?? ""
        switch images.resolve(source, postPath: post.path) {
        case let .embedded(href):
            out.append(0x3C)  // <
            out.append(contentsOf: "img".utf8)
            for attribute in attributes where attribute.name != "src" {
                XHTMLNode.appendAttribute(attribute.name, attribute.value, to: &out)
            }
            XHTMLNode.appendAttribute("src", href, to: &out)
            if children.isEmpty {
                XHTMLNode.appendEmptyTagEnd(to: &out)
            } else {
                out.append(0x3E)
                XHTMLNode.serialize(children, into: &out)
                XHTMLNode.appendEndTag("img", to: &out)
            }
            return true
        case let .notEmbedded(remote):
            let alt = attributes.first(where: { $0.name == "alt" })?.value ?? ""
            let standIn = standIn(alt: alt, source: source, remote: remote.flatMap(webURL), inLink: inLink)
            XHTMLNode.serialize(standIn, into: &out)
            return inLink && !isBlank(standIn)
        }
    }
}
