/// The parts of HTML's content models that EPUBCheck's schema enforces and
/// raw HTML soup breaks: list items outside lists, table parts outside
/// tables, malformed definition lists and tables, misplaced captions and
/// summaries. Each is repaired by renaming or flattening, never by losing
/// the text.
extension XHTMLSanitizer {
    /// The parents each structural element may have; elsewhere it becomes
    /// the element named in `strayReplacement`.
    static let allowedParents: [String: Set<String>] = [
        "li": ["ul", "ol"],
        "dt": ["dl"], "dd": ["dl"],
        "caption": ["table"], "colgroup": ["table"], "thead": ["table"], "tbody": ["table"], "tfoot": ["table"],
        "tr": ["table", "thead", "tbody", "tfoot"],
        "td": ["tr"], "th": ["tr"],
        "col": ["colgroup"],
        "figcaption": ["figure"],
        "summary": ["details"],
    ]

    /// nil: dropped with its children kept.
    static let strayReplacement: [String: String] = [
        "li": "div", "dt": "p", "dd": "div", "caption": "div", "thead": "div", "tbody": "div",
        "tfoot": "div", "tr": "div", "td": "div", "th": "div", "figcaption": "div", "summary": "p",
    ]

    /// Repairs `nodes`, the converted children of an element named `parent`.
    static func fixContentModel(of parent: String, _ nodes: [XHTMLNode], context: Context) -> [XHTMLNode] {
        var out: [XHTMLNode] = []
        out.reserveCapacity(nodes.count)
        for node in nodes {
            guard case var .element(element) = node, let parents = allowedParents[element.name],
                  !parents.contains(parent) else {
                out.append(node)
                continue
            }
            if ["caption", "thead", "tbody", "tfoot", "tr", "td", "th"].contains(element.name) {
                // Its rows and cells were checked against it: flatten them too.
                flattenTable(&element)
                out.append(.element(element))
            } else if let replacement = strayReplacement[element.name] {
                element.name = replacement
                element.attributes.removeAll { !globalAttributes.contains($0.name) }
                out.append(.element(element))
            } else if element.name != "col" && element.name != "colgroup" {
                out += element.children
            }
        }
        switch parent {
        case "ul", "ol": return groupListItems(out)
        default: return out
        }
    }

    /// Runs of anything but `<li>` inside a list go into a new item.
    static func groupListItems(_ nodes: [XHTMLNode]) -> [XHTMLNode] {
        var out: [XHTMLNode] = []
        var loose: [XHTMLNode] = []
        func flush() {
            if loose.contains(where: { !$0.isWhitespace }) {
                out.append(.element("li", [], loose))
            } else {
                out += loose
            }
            loose = []
        }
        for node in nodes {
            if case let .element(e) = node, e.name == "li" {
                flush()
                out.append(node)
            } else {
                loose.append(node)
            }
        }
        flush()
        return out
    }

    /// Checks the element's own structure once its children are final;
    /// what HTML does not allow is flattened into `<div>`s.
    static func fixStructure(_ element: inout XHTMLElement) {
        switch element.name {
        case "table":
            if !isValidTable(element) { flattenTable(&element) }
        case "dl":
            if !isValidDefinitionList(element) {
                element.name = "div"
                element.attributes.removeAll { !globalAttributes.contains($0.name) }
                element.children = element.children.map { node in
                    guard case var .element(child) = node else { return node }
                    if child.name == "dt" { child.name = "p" } else if child.name == "dd" { child.name = "div" }
                    return .element(child)
                }
            }
        case "figure":
            let indices = elementIndices(element.children)
            for (position, index) in indices.enumerated() {
                guard case var .element(child) = element.children[index], child.name == "figcaption" else { continue }
                let firstCaption = indices.prefix(position).allSatisfy { i in
                    if case let .element(e) = element.children[i] { return e.name != "figcaption" } else { return true }
                }
                let edge = position == 0 || position == indices.count - 1
                if !(edge && firstCaption) {
                    child.name = "div"
                    element.children[index] = .element(child)
                }
            }
        case "details":
            // EPUB's schema wants the summary first; without one, a plain block.
            let indices = elementIndices(element.children)
            let summaryFirst = indices.first.map { index -> Bool in
                if case let .element(e) = element.children[index] { return e.name == "summary" } else { return false }
            } ?? false
            if !summaryFirst {
                element.name = "div"
                element.attributes.removeAll { !globalAttributes.contains($0.name) }
            }
            for (position, index) in indices.enumerated() {
                guard case var .element(child) = element.children[index], child.name == "summary",
                      position != 0 || !summaryFirst else { continue }
                child.name = "p"
                element.children[index] = .element(child)
            }
        case "colgroup":
            element.children.removeAll { node in
                if case let .element(e) = node { return e.name != "col" } else { return !node.isWhitespace }
            }
        default:
            break
        }
    }

    private static func elementIndices(_ nodes: [XHTMLNode]) -> [Int] {
        nodes.indices.filter { if case .element = nodes[$0] { return true } else { return false } }
    }

    /// The element children only, or nil when text other than white space
    /// stands between them.
    private static func elementChildren(_ element: XHTMLElement) -> [XHTMLElement]? {
        var out: [XHTMLElement] = []
        for node in element.children {
            switch node {
            case let .element(e): out.append(e)
            case .text: if !node.isWhitespace { return nil }
            }
        }
        return out
    }

    /// caption?, colgroup*, thead?, (tbody* | tr*), tfoot?, with rows of
    /// cells only.
    static func isValidTable(_ table: XHTMLElement) -> Bool {
        guard let parts = elementChildren(table) else { return false }
        let order = ["caption": 0, "colgroup": 1, "thead": 2, "tbody": 3, "tr": 3, "tfoot": 4]
        var stage = -1
        var seenBody = "", singles: Set<String> = []
        for part in parts {
            guard let rank = order[part.name], rank >= stage else { return false }
            if ["caption", "thead", "tfoot"].contains(part.name) {
                guard singles.insert(part.name).inserted else { return false }
            }
            if rank == 3 {
                if seenBody.isEmpty { seenBody = part.name } else if seenBody != part.name { return false }
            }
            stage = rank
            switch part.name {
            case "thead", "tbody", "tfoot":
                guard let rows = elementChildren(part), rows.allSatisfy({ $0.name == "tr" && isValidRow($0) }) else { return false }
            case "tr":
                guard isValidRow(part) else { return false }
            default:
                break
            }
        }
        return true
    }

    private static func isValidRow(_ row: XHTMLElement) -> Bool {
        guard let cells = elementChildren(row) else { return false }
        return cells.allSatisfy { $0.name == "td" || $0.name == "th" }
    }

    /// The table's own parts become `<div>`s; cells keep their content.
    static func flattenTable(_ element: inout XHTMLElement) {
        let structural: Set<String> = ["table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"]
        func flatten(_ node: XHTMLNode) -> XHTMLNode? {
            guard case var .element(e) = node else { return node }
            if e.name == "colgroup" || e.name == "col" { return nil }
            guard structural.contains(e.name) else { return node }
            let wasCell = e.name == "td" || e.name == "th"
            e.name = "div"
            e.attributes.removeAll { !globalAttributes.contains($0.name) }
            if !wasCell { e.children = e.children.compactMap(flatten) }
            return .element(e)
        }
        if case let .element(flat)? = flatten(.element(element)) { element = flat }
    }

    /// (dt+ dd+)*, nothing else.
    static func isValidDefinitionList(_ list: XHTMLElement) -> Bool {
        guard let items = elementChildren(list) else { return false }
        var previous = ""
        for item in items {
            switch (previous, item.name) {
            case ("", "dt"), ("dt", "dt"), ("dt", "dd"), ("dd", "dd"), ("dd", "dt"): previous = item.name
            default: return false
            }
        }
        return previous != "dt"
    }
}
