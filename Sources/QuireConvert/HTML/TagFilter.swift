/// GitHub's tag filter: the few tags that change how a page is parsed
/// (`<script>`, `<style>`, `<iframe>`, `<title>`…) are written with `&lt;`
/// so they show as text instead of taking effect. The rest of the writer's
/// raw HTML passes, as on GitHub.
enum TagFilter {
    private static let filtered: [[UInt8]] = [
        "title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext",
    ].map { Array($0.utf8) }

    static func apply(_ html: String) -> String {
        let bytes = Array(html.utf8)
        guard bytes.contains(UInt8(ascii: "<")) else { return html }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), isFilteredTag(bytes, at: i + 1) {
                out.append(contentsOf: Array("&lt;".utf8))
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isFilteredTag(_ bytes: [UInt8], at start: Int) -> Bool {
        var i = start
        if i < bytes.count, bytes[i] == UInt8(ascii: "/") { i += 1 }
        for name in filtered where i + name.count <= bytes.count {
            var matches = true
            for (offset, c) in name.enumerated() where bytes[i + offset] | 0x20 != c {
                matches = false
                break
            }
            guard matches else { continue }
            let end = i + name.count
            if end == bytes.count { return true }
            switch bytes[end] {
            case UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
                 UInt8(ascii: "\r"), UInt8(ascii: "/"), 0x0C: return true
            default: continue
            }
        }
        return false
    }
}
