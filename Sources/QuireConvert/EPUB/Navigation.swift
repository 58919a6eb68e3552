/// The book's navigation: the EPUB 3 navigation document and the EPUB 2
/// `toc.ncx` older readers use, both from the same entries.
enum Navigation {
    struct Entry: Equatable {
        var title: String
        var href: String
        var children: [Entry] = []
        /// A chapter whose direction is not the book's: its language and
        /// direction, written on its `<li>` so its title reads its own way.
        var ownLanguage: OwnLanguage? = nil
    }

    struct OwnLanguage: Equatable {
        var tag: String
        var direction: TextDirection
    }

    /// A post's headings as entries under its chapter. Headings whose id
    /// did not survive hand their place to their children; an empty
    /// heading reads "Section" so that every link has text.
    static func entries(_ toc: [TableOfContents.Entry], file: String, ids: Set<String>) -> [Entry] {
        var out: [Entry] = []
        for item in toc {
            let children = entries(item.children, file: file, ids: ids)
            guard ids.contains(item.heading.id) else {
                out += children
                continue
            }
            let text = XMLText.clean(item.heading.text).trimmingWhitespace
            out.append(Entry(title: text.isEmpty ? "Section" : text,
                             href: file + "#" + ChapterLinker.encodeFragment(item.heading.id), children: children))
        }
        return out
    }

    static func document(title: String, language: String, direction: TextDirection = .ltr, entries: [Entry],
                         landmarks: [(type: String, title: String, href: String)]) -> String {
        var out = BookPage.head(title: "Contents", language: language, direction: direction == .rtl ? .rtl : nil)
        out += "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>\(XMLText.escape(title))</h1>\n"
        list(entries, into: &out)
        out += "</nav>\n"
        if !landmarks.isEmpty {
            out += "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n"
            for mark in landmarks {
                out += "<li><a epub:type=\"\(mark.type)\" href=\"\(XMLText.escapeAttribute(mark.href))\">\(XMLText.escape(mark.title))</a></li>\n"
            }
            out += "</ol>\n</nav>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    private static func list(_ entries: [Entry], into out: inout String) {
        out += "<ol>\n"
        for entry in entries {
            out += "<li"
            if let language = entry.ownLanguage {
                let lang = XMLText.escapeAttribute(language.tag)
                out += " lang=\"\(lang)\" xml:lang=\"\(lang)\" dir=\"\(language.direction.rawValue)\""
            }
            out += "><a href=\"\(XMLText.escapeAttribute(entry.href))\">\(XMLText.escape(entry.title))</a>"
            if !entry.children.isEmpty {
                out += "\n"
                list(entry.children, into: &out)
            }
            out += "</li>\n"
        }
        out += "</ol>\n"
    }

    static func ncx(identifier: String, title: String, entries: [Entry]) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
            <head>
            <meta name="dtb:uid" content="\(XMLText.escapeAttribute(identifier))"/>
            <meta name="dtb:depth" content="\(max(1, depth(entries)))"/>
            <meta name="dtb:totalPageCount" content="0"/>
            <meta name="dtb:maxPageNumber" content="0"/>
            </head>
            <docTitle><text>\(XMLText.escape(title))</text></docTitle>
            <navMap>

            """
        var order = 0
        points(entries, order: &order, into: &out)
        out += "</navMap>\n</ncx>\n"
        return out
    }

    private static func points(_ entries: [Entry], order: inout Int, into out: inout String) {
        for entry in entries {
            order += 1
            out += "<navPoint id=\"np-\(order)\" playOrder=\"\(order)\">"
            out += "<navLabel><text>\(XMLText.escape(entry.title))</text></navLabel>"
            out += "<content src=\"\(XMLText.escapeAttribute(entry.href))\"/>\n"
            points(entry.children, order: &order, into: &out)
            out += "</navPoint>\n"
        }
    }

    private static func depth(_ entries: [Entry]) -> Int {
        entries.map { 1 + depth($0.children) }.max() ?? 0
    }
}
