import CLibXML2

/// Turns an HTML body fragment (the renderer's output with the writer's
/// raw HTML left in) into XHTML nodes a book can hold: parsed by libxml2's
/// HTML parser (no network, no entity loading; named entities become
/// characters), then rebuilt from an allow-list. What can run or load
/// (`<script>`, `<iframe>`, `<object>`, `<embed>`, forms, `on*`
/// attributes) is dropped; unknown elements give way to their text; the
/// result follows HTML's content models so EPUBCheck's schema accepts it
/// (see `XHTMLSanitizer+ContentModel.swift`).
enum XHTMLSanitizer {
    /// Deeper elements are reduced to their text: keeps the walk's recursion
    /// bounded whatever the raw HTML nests.
    static let maximumDepth = 200

    /// The nodes, and false when libxml2 stopped early (it gives up on
    /// elements nested deeper than 256 without XML_PARSE_HUGE, which we do
    /// not pass): the caller then renders the post without raw HTML.
    static func sanitize(_ html: String) -> (nodes: [XHTMLNode], complete: Bool) {
        LibXML.prepareThread()
        let source = "<!DOCTYPE html><html><body>" + XMLText.clean(html) + "</body></html>"
        guard let context = htmlNewParserCtxt() else { return ([], false) }
        defer { htmlFreeParserCtxt(context) }
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        var utf8 = Array(source.utf8)
        let document: htmlDocPtr? = utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return ([], false) }
        defer { xmlFreeDoc(document) }
        let complete = context.pointee.lastError.code != Int32(XML_ERR_INTERNAL_ERROR.rawValue)
        guard let root = xmlDocGetRootElement(document) else { return ([], complete) }
        var walker = Walker()
        var body: xmlNodePtr? = nil
        var child = root.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, Walker.name(of: node) == "body" { body = node }
            child = node.pointee.next
        }
        guard let body else { return ([], complete) }
        return (walker.children(of: body, context: .flow, parent: "body", depth: 0), complete)
    }

    /// Where a node sits: flow content (blocks allowed) or phrasing
    /// content (text-level only).
    enum Context { case flow, phrasing }

    // MARK: The allow-list

    /// Dropped with everything inside them.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "object", "embed", "noscript", "template", "applet", "frame",
        "frameset", "noframes", "head", "title", "meta", "link", "base", "select", "textarea",
        "option", "optgroup", "datalist", "math", "svg", "map",
        "xmp", "plaintext", "dialog", "input", "button", "output", "rp", "portal", "slot",
    ]

    /// Empty elements that go; anything libxml2 nested inside them stays.
    static let droppedVoid: Set<String> = [
        "embed", "source", "track", "param", "area", "frame", "base", "link", "meta", "keygen",
        "basefont", "bgsound", "isindex",
    ]

    /// Text-level elements kept as they are.
    static let phrasing: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "dfn", "em", "i", "img", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr", "del", "ins",
    ]

    /// Block-level elements kept as they are (where blocks may stand).
    static let flow: Set<String> = [
        "p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr",
        "td", "th", "figure", "figcaption", "section", "nav", "article", "aside", "details", "summary",
    ]

    /// Old or awkward names and what they become.
    static let renamed: [String: String] = [
        "tt": "code", "strike": "s", "acronym": "abbr", "time": "span", "data": "span", "big": "span",
        "center": "div", "header": "div", "footer": "div", "main": "div", "address": "div",
        "hgroup": "div", "fieldset": "div", "form": "div", "legend": "div", "dir": "ul", "menu": "ul",
        "listing": "pre",
    ]

    /// Elements whose children are text-level only.
    static let phrasingContainers: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "summary",
    ]

    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// What the lists above say of one element name, looked up once per
    /// element instead of hashing its name for each list.
    struct ElementKind {
        var droppedVoid = false
        var dropped = false
        /// The name after `renamed`; nil for names no list holds.
        var name: String?
        var isVoid = false
        var isPhrasing = false
        var isFlow = false
        var isPhrasingContainer = false
    }

    static let kinds: [String: ElementKind] = {
        var table: [String: ElementKind] = [:]
        let names = dropped.union(droppedVoid).union(phrasing).union(flow).union(renamed.keys).union(XHTMLElement.void)
        for original in names {
            let name = renamed[original] ?? original
            table[original] = ElementKind(
                droppedVoid: droppedVoid.contains(original), dropped: dropped.contains(original), name: name,
                isVoid: XHTMLElement.void.contains(name), isPhrasing: phrasing.contains(name),
                isFlow: flow.contains(name), isPhrasingContainer: phrasingContainers.contains(name))
        }
        return table
    }()
}

extension XHTMLSanitizer {
    /// Walks libxml2's tree; lives only while the document does.
    struct Walker {
        static func name(of node: xmlNodePtr) -> String {
            guard let name = node.pointee.name else { return "" }
            // libxml2's HTML parser has lower-cased element and attribute names.
            return String(cString: UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        }

        static func content(of node: xmlNodePtr) -> String {
            guard let content = node.pointee.content else { return "" }
            return String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
        }

        /// All text below `node`, without recursion.
        static func text(below node: xmlNodePtr) -> String {
            var out = ""
            var current = node.pointee.children
            var depth = 1
            while let n = current, depth > 0 {
                if n.pointee.type == XML_TEXT_NODE || n.pointee.type == XML_CDATA_SECTION_NODE {
                    out += content(of: n)
                }
                let skip = n.pointee.type == XML_ELEMENT_NODE && dropped.contains(name(of: n))
                if !skip, let first = n.pointee.children {
                    current = first
                    depth += 1
                    continue
                }
                var next: xmlNodePtr? = n
                while let m = next, m.pointee.next == nil {
                    next = m.pointee.parent
                    depth -= 1
                    if depth == 0 { return out }
                }
                current = next?.pointee.next
            }
            return out
        }

        static func attributes(of node: xmlNodePtr) -> [(String, String)] {
            var out: [(String, String)] = []
            var property = node.pointee.properties
            while let attribute = property {
                let name = attribute.pointee.name.map {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                } ?? ""
                var value = ""
                var child = attribute.pointee.children
                while let text = child {
                    value += content(of: text)
                    child = text.pointee.next
                }
                out.append((name, value))
                property = attribute.pointee.next
            }
            return out
        }

        mutating func children(of node: xmlNodePtr, context: Context, parent: String, depth: Int) -> [XHTMLNode] {
            var out: [XHTMLNode] = []
            var child = node.pointee.children
            while let current = child {
                convert(current, context: context, parent: parent, depth: depth, into: &out)
                child = current.pointee.next
            }
            return XHTMLSanitizer.fixContentModel(of: parent, out, context: context)
        }

        mutating func convert(_ node: xmlNodePtr, context: Context, parent: String, depth: Int, into out: inout [XHTMLNode]) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                let text = XMLText.clean(Self.content(of: node))
                if !text.isEmpty { out.append(.text(text)) }
                return
            case XML_ELEMENT_NODE:
                break
            default:
                return  // comments, processing instructions
            }
            let original = Self.name(of: node)
            if depth > maximumDepth {
                let text = XMLText.clean(Self.text(below: node))
                if !text.isEmpty { out.append(.text(text)) }
                return
            }
            if original == "input" {
                // Task-list boxes read as characters; other controls go.
                let attributes = Self.attributes(of: node)
                if attributes.contains(where: { $0.0 == "type" && $0.1.lowercased() == "checkbox" }) {
                    out.append(.text(attributes.contains(where: { $0.0 == "checked" }) ? "☑" : "☐"))
                }
                return
            }
            let kind = kinds[original] ?? ElementKind()
            if kind.droppedVoid || kind.isVoid {
                // libxml2 2.9 does not know some of these are empty and
                // nests what follows inside them: that content is kept.
                if !kind.droppedVoid, !(original == "hr" && context == .phrasing) {
                    out.append(.element(XHTMLElement(name: original, attributes: XHTMLSanitizer.allowedAttributes(
                        name: original, Self.attributes(of: node)))))
                }
                out += children(of: node, context: context, parent: parent, depth: depth + 1)
                return
            }
            if kind.dropped { return }
            let name = kind.name ?? original
            let known = kind.isPhrasing || kind.isFlow
            let isBlock = kind.isFlow
            // Unknown elements, blocks inside text, links inside links:
            // keep what they hold, lose the element.
            if !known || (isBlock && context == .phrasing && name != "br") || (name == "a" && parent == "a") {
                if name == "hr" { return }
                let kids = children(of: node, context: context, parent: parent, depth: depth + 1)
                out += kids
                return
            }
            let childContext: Context = (kind.isPhrasing || kind.isPhrasingContainer) ? .phrasing : .flow
            let attributes = XHTMLSanitizer.allowedAttributes(name: name, Self.attributes(of: node))
            var element = XHTMLElement(name: name, attributes: attributes)
            if !kind.isVoid {
                element.children = children(of: node, context: childContext, parent: name, depth: depth + 1)
            }
            if name == "bdo", element["dir"] == nil || element["dir"] == "auto" { element.name = "span" }
            XHTMLSanitizer.fixStructure(&element)
            out.append(.element(element))
        }
    }
}
