/// The XHTML files of a book around their content: chapters, the title
/// page and the cover page share one head and one stylesheet.
enum BookPage {
    /// `direction`, when given, becomes `dir` on `<html>`; left-to-right
    /// books give none, as before there was a choice.
    static func head(title: String, language: String, direction: TextDirection? = nil) -> String {
        let lang = XMLText.escapeAttribute(language)
        let dir = direction.map { " dir=\"\($0.rawValue)\"" } ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="\(lang)" xml:lang="\(lang)"\(dir)>
            <head>
            <meta charset="utf-8"/>
            <title>\(XMLText.escape(title))</title>
            <link rel="stylesheet" type="text/css" href="style.css"/>
            </head>

            """
    }

    /// The chapter's page around its content, which `body` writes (the
    /// linker as it links the chapter's nodes, or a `ChapterWriter` as the
    /// post's document is walked).
    static func chapter(_ chapter: BookChapter, bookDirection: TextDirection = .ltr,
                        body: (inout [UInt8]) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chapter.sizeHint + 1024)
        let direction = chapter.direction == .rtl || bookDirection == .rtl ? chapter.direction : nil
        out.append(contentsOf: head(title: chapter.title, language: chapter.language, direction: direction).utf8)
        out.append(contentsOf: "<body>\n<section epub:type=\"chapter\" class=\"chapter\">\n".utf8)
        body(&out)
        out.append(contentsOf: "\n</section>\n</body>\n</html>\n".utf8)
        return out
    }

    static func titlePage(title: String, authors: [String], date: String?, language: String,
                          direction: TextDirection = .ltr) -> String {
        var out = head(title: title, language: language, direction: direction == .rtl ? .rtl : nil)
        out += "<body>\n<section epub:type=\"titlepage\" class=\"title-page\">\n"
        out += "<h1>\(XMLText.escape(title))</h1>\n"
        if !authors.isEmpty { out += "<p class=\"author\">\(XMLText.escape(authors.joined(separator: ", ")))</p>\n" }
        if let date { out += "<p class=\"date\">\(XMLText.escape(date))</p>\n" }
        out += "</section>\n</body>\n</html>\n"
        return out
    }

    static func coverPage(image href: String, title: String, language: String, direction: TextDirection = .ltr) -> String {
        var out = head(title: title, language: language, direction: direction == .rtl ? .rtl : nil)
        out += "<body>\n<section epub:type=\"cover\" class=\"cover\">\n"
        out += "<img src=\"\(XMLText.escapeAttribute(href))\" alt=\"\(XMLText.escapeAttribute(title))\"/>\n"
        out += "</section>\n</body>\n</html>\n"
        return out
    }

    static let container = """
        <?xml version="1.0" encoding="UTF-8"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
        <rootfiles>
        <rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>
        </rootfiles>
        </container>

        """

    /// Plain CSS that every reading system understands; no property EPUB
    /// forbids (`position: fixed`, `direction`, `unicode-bidi`).
    static let stylesheet = """
        body { margin: 0 0.5em; line-height: 1.45; font-family: serif; }
        h1, h2, h3, h4, h5, h6 { font-family: sans-serif; line-height: 1.2; page-break-after: avoid; }
        pre { white-space: pre-wrap; font-size: 0.85em; padding: 0.5em; border: 1px solid #ccc; }
        code { font-family: monospace; }
        blockquote { margin: 1em 1.5em; padding-left: 0.75em; border-left: 3px solid #ccc; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border: 1px solid #999; padding: 0.2em 0.5em; vertical-align: top; }
        img { max-width: 100%; height: auto; }
        nav.toc ul, nav.toc ol { list-style: none; padding-left: 1em; }
        .title-page { text-align: center; margin-top: 30%; }
        .title-page .author, .title-page .date { font-style: italic; }
        .cover { text-align: center; }
        .image-missing { font-style: italic; border: 1px dashed #999; padding: 0 0.25em; }
        .footnotes { font-size: 0.9em; border-top: 1px solid #ccc; margin-top: 2em; }
        li.task { list-style: none; }

        """

    /// Appended to `stylesheet` in a book with a right-to-left document:
    /// the rules that name a side, mirrored for those documents. No
    /// `direction` property, which EPUB's CSS profile leaves to `dir`.
    static let rightToLeftStylesheet = """
        [dir="rtl"] blockquote { padding-left: 0; border-left: 0; padding-right: 0.75em; border-right: 3px solid #ccc; }
        [dir="rtl"] nav.toc ul, [dir="rtl"] nav.toc ol { padding-left: 0; padding-right: 1em; }

        """
}
