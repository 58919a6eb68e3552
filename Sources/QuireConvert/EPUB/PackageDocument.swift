import Foundation

/// `content.opf`: the book's metadata, its files and their reading order.
struct PackageDocument {
    struct Item {
        var id: String
        var href: String
        var mediaType: String
        var properties: String? = nil
    }

    var identifier: String
    var title: String
    var language: String
    /// `rtl` turns the pages right to left (`page-progression-direction`)
    /// and marks the metadata's text (`dir` on `<package>`).
    var direction: TextDirection = .ltr
    var creators: [String] = []
    var date: Date?
    var modified: Date
    var description: String?
    var subjects: [String] = []
    var coverImageID: String?
    var items: [Item] = []
    var spine: [String] = []

    func xml() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="\(XMLText.escapeAttribute(language))"\(direction == .rtl ? " dir=\"rtl\"" : "")>
            <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:identifier id="book-id">\(XMLText.escape(identifier))</dc:identifier>
            <dc:title>\(XMLText.escape(title))</dc:title>
            <dc:language>\(XMLText.escape(language))</dc:language>

            """
        for (index, creator) in creators.enumerated() {
            out += "<dc:creator id=\"creator-\(index + 1)\">\(XMLText.escape(creator))</dc:creator>\n"
        }
        if let date { out += "<dc:date>\(Self.timestamp(date))</dc:date>\n" }
        if let description { out += "<dc:description>\(XMLText.escape(description))</dc:description>\n" }
        for subject in subjects { out += "<dc:subject>\(XMLText.escape(subject))</dc:subject>\n" }
        out += "<meta property=\"dcterms:modified\">\(Self.timestamp(modified))</meta>\n"
        if let coverImageID { out += "<meta name=\"cover\" content=\"\(coverImageID)\"/>\n" }
        out += "</metadata>\n<manifest>\n"
        for item in items {
            out += "<item id=\"\(item.id)\" href=\"\(XMLText.escapeAttribute(item.href))\" media-type=\"\(item.mediaType)\""
            if let properties = item.properties { out += " properties=\"\(properties)\"" }
            out += "/>\n"
        }
        out += direction == .rtl ? "</manifest>\n<spine toc=\"ncx\" page-progression-direction=\"rtl\">\n"
                                 : "</manifest>\n<spine toc=\"ncx\">\n"
        for id in spine { out += "<itemref idref=\"\(id)\"/>\n" }
        out += "</spine>\n</package>\n"
        return out
    }
}
