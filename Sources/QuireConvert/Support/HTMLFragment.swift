import CLibXML2

/// A fragment of the writer's raw HTML read by libxml2's forgiving HTML
/// parser into Swift values, for the outputs that must not pass raw markup
/// through: the newsletter takes its text, the e-mail sanitises it.
///
/// Network access is off (`HTML_PARSE_NONET`) and entities are not expanded
/// beyond HTML's own; the C tree is freed before `parse` returns.
public enum HTMLFragment {
    public indirect enum Node: Sendable, Equatable {
        case text(String)
        /// Lower-case name, attributes in document order.
        case element(name: String, attributes: [(name: String, value: String)], children: [Node])

        public static func == (a: Node, b: Node) -> Bool {
            switch (a, b) {
            case let (.text(x), .text(y)): return x == y
            case let (.element(n1, a1, c1), .element(n2, a2, c2)):
                return n1 == n2 && c1 == c2 && a1.map(\.name) == a2.map(\.name) && a1.map(\.value) == a2.map(\.value)
            default: return false
            }
        }
    }

    /// The nodes of the fragment's body. Comments, processing instructions
    /// and whatever the parser moves into `<head>` (`<script>`, `<style>`,
    /// `<title>`, `<meta>`) are not part of what a reader sees and are left out.
    /// libxml2 must be initialised once before threads share it; Swift
    /// runs a static initialiser exactly once, whichever thread gets there.
    private static let initialized: Void = xmlInitParser()

    public static func parse(_ html: String) -> [Node] {
        guard !html.isEmpty else { return [] }
        _ = initialized
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOBLANKS.rawValue)
        var bytes = Array(html.utf8)
        let document = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return [] }
        var out: [Node] = []
        var child = root.pointee.children
        while let current = child {
            if name(of: current) == "body" { out += nodes(under: current, depth: 0) }
            child = current.pointee.next
        }
        return out
    }

    /// The text a reader would see, with `\n` where block elements and
    /// `<br>` break lines, runs of white space collapsed, `<img>` as its
    /// alternative text, and script or style content dropped.
    public static func text(_ html: String) -> String {
        var out = ""
        appendText(of: parse(html), to: &out)
        var lines: [String] = []
        for line in out.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{0C}" })
            lines.append(words.joined(separator: " "))
        }
        // One blank line at most between blocks of text.
        var collapsed: [String] = []
        for line in lines where !(line.isEmpty && (collapsed.last?.isEmpty ?? true)) {
            collapsed.append(line)
        }
        while collapsed.last?.isEmpty == true { collapsed.removeLast() }
        return collapsed.joined(separator: "\n")
    }

    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tr", "ul", "caption", "thead", "tbody", "tfoot",
    ]
    static let invisibleElements: Set<String> = [
        "script", "style", "template", "noscript", "iframe", "object", "embed", "head", "title",
        "svg", "math", "video", "audio", "canvas", "select", "textarea",
    ]

    private static func appendText(of nodes: [Node], to out: inout String) {
        for node in nodes {
            switch node {
            case let .text(text):
                out += text.replacingOccurrences(of: "\n", with: " ")
            case let .element(name, attributes, children):
                if invisibleElements.contains(name) { continue }
                if name == "br" { out += "\n"; continue }
                if name == "img" {
                    let alt = attributes.first { $0.name == "alt" }?.value ?? ""
                    if !alt.isEmpty { out += " [Image: \(alt)] " }
                    continue
                }
                let isBlock = blockElements.contains(name)
                if isBlock { out += "\n" }
                if name == "td" || name == "th" { out += " " }
                appendText(of: children, to: &out)
                if isBlock { out += "\n" }
            }
        }
    }

    // MARK: C access

    private static func nodes(under parent: xmlNodePtr, depth: Int) -> [Node] {
        var out: [Node] = []
        var child = parent.pointee.children
        while let current = child {
            defer { child = current.pointee.next }
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { out.append(.text(String(cString: content))) }
            case XML_ELEMENT_NODE:
                var attributes: [(name: String, value: String)] = []
                var attribute = current.pointee.properties
                while let a = attribute {
                    let attributeName = a.pointee.name.map { String(cString: $0) } ?? ""
                    // An attribute's value is its text children, entities
                    // already decoded by the parser.
                    var value = ""
                    var part = a.pointee.children
                    while let node = part {
                        if let content = node.pointee.content { value += String(cString: content) }
                        part = node.pointee.next
                    }
                    attributes.append((attributeName.lowercased(), value))
                    attribute = a.pointee.next
                }
                // libxml2 already stops at 256 levels; this keeps the Swift
                // recursion bounded whatever the library does.
                let children = depth < 200 ? nodes(under: current, depth: depth + 1) : []
                out.append(.element(name: name(of: current), attributes: attributes, children: children))
            default:
                break
            }
        }
        return out
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }
}
