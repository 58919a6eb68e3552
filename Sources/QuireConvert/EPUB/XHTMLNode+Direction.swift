/// Code in a right-to-left chapter: its lines are written left to right,
/// and inherited `rtl` would right-align them and move their trailing
/// punctuation to the wrong end. EPUB's CSS profile leaves `direction` to
/// the `dir` attribute, so the page's `pre { direction: ltr }` is an
/// attribute here.
extension XHTMLNode {
    /// Every `<pre>` without a `dir` of its own gets `dir="ltr"`.
    static func keepCodeLeftToRight(_ nodes: inout [XHTMLNode]) {
        for index in nodes.indices {
            guard case var .element(element) = nodes[index] else { continue }
            if element.name == "pre" {
                if element["dir"] == nil { element["dir"] = "ltr" }
            } else {
                keepCodeLeftToRight(&element.children)
            }
            nodes[index] = .element(element)
        }
    }
}
