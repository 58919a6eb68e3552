import CLibXML2

/// Decides whether an SVG file may go into a book, and gives the bytes to
/// store. Parsed with libxml2 without network access and without entity
/// substitution or DTD loading; a file that declares entities (billion
/// laughs, external entities) is refused before it is parsed at all. A
/// picture that scripts, embeds foreign content or loads other files is
/// refused too: EPUB would need to declare it scripted, and it could
/// reach outside the book.
enum SVGCheck {
    enum Outcome: Equatable {
        case accepted([UInt8])
        case refused(String)
    }

    static func check(_ bytes: [UInt8]) -> Outcome {
        if contains(bytes, "<!ENTITY") { return .refused("the SVG declares entities") }
        LibXML.prepareThread()
        guard let context = xmlNewParserCtxt() else { return .refused("libxml2 could not make a parser") }
        defer { xmlFreeParserCtxt(context) }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), "image.svg", nil,
                                  Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            return .refused("the SVG is not well-formed XML (\(LibXML.lastError(of: context) ?? "unknown error"))")
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), name(root) == "svg",
              let namespace = root.pointee.ns?.pointee.href,
              String(cString: UnsafeRawPointer(namespace).assumingMemoryBound(to: CChar.self)) == "http://www.w3.org/2000/svg"
        else { return .refused("the file is not an SVG image") }
        if let problem = unsafeContent(below: root) { return .refused(problem) }
        // A doctype (even without entities) names an external DTD, which
        // EPUB does not allow in SVG; write the picture again without it.
        if let dtd = document.pointee.intSubset {
            xmlUnlinkNode(UnsafeMutableRawPointer(dtd).assumingMemoryBound(to: xmlNode.self))
            xmlFreeDtd(dtd)
            return serialize(document).map(Outcome.accepted) ?? .refused("libxml2 could not write the SVG")
        }
        return .accepted(bytes)
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        var i = 0
        while i + n.count <= bytes.count {
            if bytes[i] == n[0], Array(bytes[i..<i + n.count]) == n { return true }
            i += 1
        }
        return false
    }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
    }

    /// Walks the tree without recursion, looking for scripts, foreign
    /// content, event handlers and references to other files.
    private static func unsafeContent(below root: xmlNodePtr) -> String? {
        var current: xmlNodePtr? = root
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE {
                let element = name(node).lowercased()
                if ["script", "foreignobject", "handler", "iframe", "object", "embed"].contains(element) {
                    return "the SVG holds a <\(name(node))> element"
                }
                var property = node.pointee.properties
                while let attribute = property {
                    let attributeName = attribute.pointee.name.map {
                        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)).lowercased()
                    } ?? ""
                    var value = ""
                    var child = attribute.pointee.children
                    while let text = child {
                        if let content = text.pointee.content {
                            value += String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                        }
                        child = text.pointee.next
                    }
                    if attributeName.hasPrefix("on") { return "the SVG has an event handler (\(attributeName))" }
                    if attributeName == "href", !value.trimmingWhitespace.hasPrefix("#") {
                        return "the SVG refers to another file (\(value.prefix(80)))"
                    }
                    if refersOutside(value) { return "the SVG refers to another file in a style" }
                    property = attribute.pointee.next
                }
                if element == "style" {
                    let css = text(below: node)
                    if refersOutside(css) || css.lowercased().contains("@import") { return "the SVG's style loads another file" }
                }
            }
            if let first = node.pointee.children, node.pointee.type == XML_ELEMENT_NODE {
                current = first
                continue
            }
            var next: xmlNodePtr? = node
            while let n = next, n != root, n.pointee.next == nil { next = n.pointee.parent }
            if next == nil || next == root { return nil }
            current = next?.pointee.next
        }
        return nil
    }

    /// True when CSS text holds `url(` pointing anywhere but `#an-id`.
    private static func refersOutside(_ css: String) -> Bool {
        let compact = Array(css.lowercased().filter { !$0.isWhitespace && $0 != "'" && $0 != "\"" })
        let needle = Array("url(")
        var i = 0
        while i + needle.count <= compact.count {
            if Array(compact[i..<i + needle.count]) == needle {
                let next = i + needle.count
                if next >= compact.count || compact[next] != "#" { return true }
            }
            i += 1
        }
        return false
    }

    private static func text(below node: xmlNodePtr) -> String {
        var out = ""
        var child = node.pointee.children
        while let c = child {
            if let content = c.pointee.content {
                out += String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
            }
            child = c.pointee.next
        }
        return out
    }

    private static func serialize(_ document: xmlDocPtr) -> [UInt8]? {
        guard let buffer = xmlBufferCreate() else { return nil }
        defer { xmlBufferFree(buffer) }
        guard let save = xmlSaveToBuffer(buffer, "UTF-8", 0) else { return nil }
        xmlSaveDoc(save, document)
        xmlSaveClose(save)
        guard let content = xmlBufferContent(buffer) else { return nil }
        let count = Int(xmlBufferLength(buffer))
        return Array(UnsafeBufferPointer(start: content, count: count))
    }
}
