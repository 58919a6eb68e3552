/// Rewrites the writer's raw HTML for places where it may not run anything,
/// such as an e-mail: a short list of presentational elements and harmless
/// attributes survives; `<script>`, `<style>`, `<iframe>`, forms and
/// embedded objects go with their content; `on…` handlers, `style`,
/// `class` and `id` go; links and images keep only addresses that resolve
/// to a safe absolute URL. The output is built from parsed values, so it is
/// always balanced markup, whatever the input was.
public enum HTMLSanitizer {
    static let kept: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img"]
    static let attributes: [String: Set<String>] = [
        "a": ["href", "title"], "img": ["src", "alt", "title", "width", "height"],
        "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan"], "abbr": ["title"],
        "ol": ["start"],
    ]

    /// `resolve` turns a link or image address into an absolute one, or nil
    /// to drop it (the link keeps its text, the image becomes its alt text).
    public static func sanitize(_ html: String, resolve: (String) -> String?) -> String {
        var out = ""
        write(HTMLFragment.parse(html), to: &out, resolve: resolve)
        return out
    }

    private static func write(_ nodes: [HTMLFragment.Node], to out: inout String, resolve: (String) -> String?) {
        for node in nodes {
            switch node {
            case let .text(text):
                out += Escape.text(text)
            case let .element(name, attributes, children):
                if HTMLFragment.invisibleElements.contains(name) || ["input", "button", "form"].contains(name) { continue }
                guard kept.contains(name) else {
                    write(children, to: &out, resolve: resolve)
                    continue
                }
                var written: [(String, String)] = []
                for (attribute, value) in attributes where Self.attributes[name]?.contains(attribute) == true {
                    if attribute == "href" || attribute == "src" {
                        guard let url = resolve(value), URLSafety.isSafe(url) else { continue }
                        written.append((attribute, url))
                    } else {
                        written.append((attribute, value))
                    }
                }
                if name == "img", !written.contains(where: { $0.0 == "src" }) {
                    let alt = attributes.first { $0.name == "alt" }?.value ?? ""
                    if !alt.isEmpty { out += Escape.text("[Image: \(alt)]") }
                    continue
                }
                out += "<" + name
                for (attribute, value) in written { out += " \(attribute)=\"\(Escape.attribute(value))\"" }
                out += ">"
                if voidElements.contains(name) { continue }
                write(children, to: &out, resolve: resolve)
                out += "</" + name + ">"
            }
        }
    }
}
