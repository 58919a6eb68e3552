/// A node of a chapter's XHTML as Swift values: what the sanitiser makes
/// of libxml2's tree (no C pointer outlives the parse), what the linker
/// rewrites, and what is written into the book.
enum XHTMLNode: Equatable {
    case text(String)
    case element(XHTMLElement)

    static func element(_ name: String, _ attributes: [XHTMLAttribute] = [], _ children: [XHTMLNode] = []) -> XHTMLNode {
        .element(XHTMLElement(name: name, attributes: attributes, children: children))
    }

    /// The text a reader sees.
    var plainText: String {
        switch self {
        case let .text(s): return s
        case let .element(e): return e.children.map(\.plainText).joined()
        }
    }

    var isWhitespace: Bool {
        if case let .text(s) = self { return s.allSatisfy { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" } }
        return false
    }
}

struct XHTMLAttribute: Equatable {
    var name: String
    var value: String
}

struct XHTMLElement: Equatable {
    var name: String
    var attributes: [XHTMLAttribute]
    var children: [XHTMLNode]

    init(name: String, attributes: [XHTMLAttribute] = [], children: [XHTMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    subscript(attribute: String) -> String? {
        get { attributes.first { $0.name == attribute }?.value }
        set {
            attributes.removeAll { $0.name == attribute }
            if let newValue { attributes.append(XHTMLAttribute(name: attribute, value: newValue)) }
        }
    }

    /// Elements written as `<br/>`: HTML's void elements that books use.
    static let void: Set<String> = ["br", "hr", "img", "wbr", "col"]

    /// `void.contains(name)` by comparing small strings instead of hashing
    /// the name of every empty element.
    static func isVoid(_ name: String) -> Bool {
        switch name {
        case "br", "hr", "img", "wbr", "col": return true
        default: return false
        }
    }
}

extension XHTMLNode {
    /// Serialises as XHTML (the XML syntax of HTML): every element closed,
    /// attributes quoted, text and attributes escaped, and characters XML
    /// 1.0 forbids left out. Written as bytes: the book wants bytes (the
    /// parse-back check, crc32, deflate), and appending to one byte buffer
    /// avoids the temporary strings of `String` concatenation.
    static func serialize(_ nodes: [XHTMLNode], into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case let .text(text):
                XMLText.appendEscaped(text, quotes: false, to: &out)
            case let .element(element):
                appendStartTag(element.name, element.attributes, to: &out)
                if element.children.isEmpty && XHTMLElement.isVoid(element.name) {
                    appendEmptyTagEnd(to: &out)
                } else {
                    out.append(0x3E)  // >
                    serialize(element.children, into: &out)
                    appendEndTag(element.name, to: &out)
                }
            }
        }
    }

    /// `<name a="v"`, left open for `>` or `/>`.
    @inline(__always)
    static func appendStartTag(_ name: String, _ attributes: [XHTMLAttribute], to out: inout [UInt8]) {
        out.append(0x3C)  // <
        out.append(contentsOf: name.utf8)
        for attribute in attributes { appendAttribute(attribute.name, attribute.value, to: &out) }
    }

    /// ` name="value"`, the value escaped.
    @inline(__always)
    static func appendAttribute(_ name: String, _ value: String, to out: inout [UInt8]) {
        out.append(0x20)
        out.append(contentsOf: name.utf8)
        out.append(0x3D)  // =
        out.append(0x22)
        XMLText.appendEscaped(value, quotes: true, to: &out)
        out.append(0x22)
    }

    @inline(__always)
    static func appendEmptyTagEnd(to out: inout [UInt8]) {
        out.append(0x2F)
        out.append(0x3E)  // />
    }

    @inline(__always)
    static func appendEndTag(_ name: String, to out: inout [UInt8]) {
        out.append(0x3C)
        out.append(0x2F)  // </
        out.append(contentsOf: name.utf8)
        out.append(0x3E)
    }

    static func serialize(_ nodes: [XHTMLNode]) -> String {
        var out: [UInt8] = []
        serialize(nodes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
