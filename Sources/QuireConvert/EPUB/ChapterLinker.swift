import Foundation

/// Makes every reference in a chapter one EPUBCheck accepts and a reader
/// can follow: ids made unique, fragment links checked against them,
/// links to other bundled posts turned into links inside the book, other
/// relative links sent to the post's web address (or made plain text), and
/// pictures swapped for the book's copies or for their alt text.
struct ChapterLinker {
    /// The ids of every chapter file, once they are unique.
    var chapterIDs: [String: Set<String>] = [:]
    /// The chapter file a relative or site link points at, if the post is in
    /// this book.
    var findChapter: (_ href: String, _ from: Post) -> String? = { _, _ in nil }
    var baseURL: String?
    var warnings: [String] = []

    /// The schemes kept on links, for a lowercased scheme; others (and
    /// unsafe ones) become plain text. Small strings compared, not hashed
    /// into a set (twice for every web link).
    static func isLinkScheme(_ scheme: String) -> Bool {
        switch scheme {
        case "http", "https", "mailto", "ftp", "tel": return true
        default: return false
        }
    }

    // MARK: Ids

    /// Keeps the first element of each id (headings first, so the table of
    /// contents always lands on them) and drops the id from the others.
    static func makeIDsUnique(_ nodes: inout [XHTMLNode]) -> Set<String> {
        var headingIDs: Set<String> = []
        var all: [String] = []
        func gather(_ nodes: [XHTMLNode]) {
            for node in nodes {
                guard case let .element(e) = node else { continue }
                if let id = e["id"] {
                    all.append(id)
                    if XHTMLSanitizer.headings.contains(e.name) { headingIDs.insert(id) }
                }
                gather(e.children)
            }
        }
        gather(nodes)
        // Most chapters have no clash: then there is nothing to rewrite.
        let unique = Set(all)
        if unique.count == all.count, headingIDs.count == all.filter(headingIDs.contains).count {
            return unique
        }
        var used: Set<String> = []
        func rewrite(_ nodes: inout [XHTMLNode]) {
            for index in nodes.indices {
                guard case var .element(e) = nodes[index] else { continue }
                if let id = e["id"] {
                    let isHeading = XHTMLSanitizer.headings.contains(e.name)
                    if used.contains(id) || (!isHeading && headingIDs.contains(id)) {
                        e["id"] = nil
                    } else {
                        used.insert(id)
                    }
                }
                rewrite(&e.children)
                nodes[index] = .element(e)
            }
        }
        rewrite(&nodes)
        return used
    }

    // MARK: Links and pictures

    /// Rewrites the chapter's nodes in place: only a link that becomes
    /// text or a picture that gives way to its stand-in changes the shape
    /// of the tree, so most elements are only looked at, not rebuilt.
    mutating func link(_ nodes: inout [XHTMLNode], file: String, post: Post, images: inout BookImages) {
        rewrite(&nodes, file: file, post: post, images: &images, inLink: false)
    }

    private mutating func rewrite(_ nodes: inout [XHTMLNode], file: String, post: Post, images: inout BookImages, inLink: Bool) {
        var index = 0
        while index < nodes.count {
            guard case var .element(e) = nodes[index] else {
                index += 1
                continue
            }
            // Leaves `e` the only owner of its children, so changing them
            // does not copy them.
            nodes[index] = .text("")
            switch e.name {
            case "a":
                var keepElement = !inLink
                if keepElement, let href = e["href"] {
                    if let target = resolveLink(href, file: file, post: post) {
                        e["href"] = target
                    } else {
                        // Plain text: the words stay, the broken link goes.
                        e.attributes.removeAll { $0.name == "href" || $0.name == "title" }
                        keepElement = e["id"] != nil
                    }
                }
                rewrite(&e.children, file: file, post: post, images: &images, inLink: true)
                if !keepElement {
                    // A link inside a link keeps its id on a `span`: ids were
                    // made unique before linking, and another link may name
                    // it (a note's way back to a reference in a link's words).
                    if inLink, let id = e["id"] {
                        nodes[index] = .element("span", [XHTMLAttribute(name: "id", value: id)], e.children)
                        index += 1
                        continue
                    }
                    // A link inside a link, or a link made text: its words only.
                    nodes.replaceSubrange(index...index, with: e.children)
                    index += e.children.count
                    continue
                }
                // Every link needs words a reader (and a screen reader) can follow.
                if let target = e["href"], Self.isBlank(e.children) {
                    e.children.append(.text(Self.words(forBlankLinkTo: target)))
                }
                nodes[index] = .element(e)
                index += 1
            case "img":
                let source = e["src"] ?? ""
                let alt = e["alt"] ?? ""
                switch images.resolve(source, postPath: post.path) {
                case let .embedded(href):
                    e["src"] = href
                    nodes[index] = .element(e)
                    index += 1
                case let .notEmbedded(remote):
                    let standIn = Self.standIn(alt: alt, source: source, remote: remote.flatMap(Self.webURL), inLink: inLink)
                    nodes.replaceSubrange(index...index, with: standIn)
                    index += standIn.count
                }
            default:
                rewrite(&e.children, file: file, post: post, images: &images, inLink: inLink)
                nodes[index] = .element(e)
                index += 1
            }
        }
    }

    static func isBlank(_ nodes: [XHTMLNode]) -> Bool {
        nodes.allSatisfy { node in
            switch node {
            case .text: return node.plainText.trimmingWhitespace.isEmpty
            case let .element(e): return e.name != "img" && isBlank(e.children)
            }
        }
    }

    /// The words of a link whose own are blank: its address, or for a
    /// link inside the chapter "Section".
    static func words(forBlankLinkTo target: String) -> String {
        target.hasPrefix("#") ? "Section" : decode(target)
    }

    /// What a reader sees where a picture could not be put.
    static func standIn(alt: String, source: String, remote: String?, inLink: Bool) -> [XHTMLNode] {
        var words = alt.trimmingWhitespace
        if words.isEmpty {
            let name = source.split(separator: "/").last.map(String.init) ?? ""
            words = remote ?? (name.isEmpty ? "image" : name)
        }
        if let remote, !inLink {
            return [.element("a", [XHTMLAttribute(name: "href", value: remote),
                                   XHTMLAttribute(name: "class", value: "image-link")], [.text(words)])]
        }
        return [.element("span", [XHTMLAttribute(name: "class", value: "image-missing")], [.text(words)])]
    }

    /// The link's target in the book, or nil when it must become text.
    mutating func resolveLink(_ raw: String, file: String, post: Post) -> String? {
        // Without a base URL no web address can lead to a post of the book.
        if baseURL == nil, let url = Self.plainWebURL(raw) { return url }
        return resolveLinkGenerally(raw, file: file, post: post)
    }

    /// `resolveLink` without its fast path for plain web addresses.
    mutating func resolveLinkGenerally(_ raw: String, file: String, post: Post) -> String? {
        let href = XMLText.clean(raw).trimmingWhitespace
        guard !href.isEmpty else { return nil }
        if href.hasPrefix("#") {
            let fragment = Self.decode(String(href.dropFirst()))
            if chapterIDs[file]?.contains(fragment) == true { return "#" + Self.encodeFragment(fragment) }
            warnings.append("\(post.path): link \(href): no such heading or anchor in the post; plain text in the book")
            return nil
        }
        if href.hasPrefix("//") { return Self.webURL("https:" + href) }
        if URLSafety.hasScheme(href) {
            // Found among the bytes, not the characters: when `hasScheme`
            // holds, everything before the first colon byte is ASCII letters,
            // digits and `+-.`, so that byte is also the first `:` character.
            let scheme = String(href[..<href.utf8.firstIndex(of: 0x3A)!]).lowercased()
            // The kept schemes are safe ones; `javascript:` and friends fail here.
            guard Self.isLinkScheme(scheme) else {
                warnings.append("\(post.path): link \(href.prefix(60)): not a link a book can hold; plain text in the book")
                return nil
            }
            if baseURL != nil, let target = findChapter(href, post) { return target }
            if let url = Self.webURL(href) { return url }
            warnings.append("\(post.path): link \(href.prefix(100)): not a valid address; plain text in the book")
            return nil
        }
        let (path, fragment) = Self.splitFragment(href)
        if let target = findChapter(path, post) {
            let id = Self.decode(fragment)
            if !id.isEmpty, chapterIDs[target]?.contains(id) == true { return target + "#" + Self.encodeFragment(id) }
            return target
        }
        if let base = baseURL, let page = Self.pageURL(base: base, post: post, link: path),
           let resolved = URL(string: Self.encode(href), relativeTo: page)?.absoluteURL.absoluteString,
           let url = Self.webURL(resolved) {
            return url
        }
        warnings.append("\(post.path): link \(href.prefix(100)): a relative link with no web address to send it to (set --base-url); plain text in the book")
        return nil
    }

    /// The post's own web address, which relative links resolve against.
    static func pageURL(base: String, post: Post, link: String) -> URL? {
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        if link.hasPrefix("/") { return URL(string: encode(root + "/")) }
        guard var permalink = post.permalink?.trimmingWhitespace, !permalink.isEmpty else { return nil }
        if !permalink.hasPrefix("/") { permalink = "/" + permalink }
        if !permalink.hasSuffix("/") && !permalink.hasSuffix(".html") { permalink += "/" }
        return URL(string: encode(root + permalink))
    }

    static func splitFragment(_ href: String) -> (String, String) {
        guard let hash = href.firstIndex(of: "#") else { return (href, "") }
        return (String(href[..<hash]), String(href[href.index(after: hash)...]))
    }

    static func decode(_ s: String) -> String {
        // Without a `%` there is nothing to decode, and Foundation's
        // decoding (through an NSString) gives the text back as it was.
        let hasPercent = s.utf8.withContiguousStorageIfAvailable { $0.contains(0x25) } ?? s.utf8.contains(0x25)
        guard hasPercent else { return s }
        return s.removingPercentEncoding ?? s
    }

    /// Fragments point at ids that may hold any letter: written percent-
    /// encoded so every URL parser reads them the same way.
    static func encodeFragment(_ id: String) -> String {
        // Byte by byte: among ASCII bytes, the letters and numbers Unicode
        // knows are A-Z, a-z, 0-9 (the tests ask `Character` about each).
        var out: [UInt8] = []
        out.reserveCapacity(id.utf8.count)
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes what URLs may not hold raw (spaces, quotes, angle
    /// brackets, non-ASCII, a second `#`), keeping existing escapes.
    static func encode(_ url: String) -> String {
        let utf8 = url.utf8
        func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
        // `[` and `]` too: a URL allows them only around an IPv6 host (which
        // `webURL` refuses), and EPUBCheck refuses them anywhere else.
        func isUnsafe(_ b: UInt8) -> Bool {
            b <= 0x20 || b >= 0x7F || b == 0x22 || b == 0x3C || b == 0x3E || b == 0x5B || b == 0x5C || b == 0x5D
                || b == 0x5E || b == 0x60 || b == 0x7B || b == 0x7C || b == 0x7D
        }
        let bytes = Array(utf8)
        var hashes = 0
        var clean = true
        for (i, b) in bytes.enumerated() {
            if isUnsafe(b) { clean = false; break }
            if b == 0x23 { hashes += 1; if hashes > 1 { clean = false; break } }
            if b == 0x25, !(i + 2 < bytes.count && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) { clean = false; break }
        }
        if clean { return url }
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var seenHash = false
        for (i, b) in bytes.enumerated() {
            if b == 0x25 {
                if i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) { out.append(b) } else { out += [0x25, 0x32, 0x35] }
            } else if b == 0x23 {
                if seenHash { out += [0x25, 0x32, 0x33] } else { out.append(b) }
                seenHash = true
            } else if isUnsafe(b) {
                out += [0x25, digits[Int(b >> 4)], digits[Int(b & 0x0F)]]
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An absolute address a book may link to, or nil. A hand-written
    /// check rather than `URLComponents` (which cost 7% of a corpus
    /// conversion): the scheme is one we keep, and a web address has a host
    /// of letters, digits, `-`, `_` and dots, which is what a WHATWG URL
    /// parser (EPUBCheck's) accepts once the rest is percent-encoded.
    static func webURL(_ raw: String) -> String? {
        let encoded = encode(raw.trimmingWhitespace)
        // `encode` leaves only ASCII (it escapes every byte from 0x7F up),
        // so the checks below work on bytes: no Character or Foundation work.
        let valid = encoded.utf8.withContiguousStorageIfAvailable(isWebAddress) ?? Array(encoded.utf8).withUnsafeBufferPointer(isWebAddress)
        return valid ? encoded : nil
    }

    /// Whether `bytes`, an address as `encode` leaves it, is one `webURL`
    /// keeps: a kept scheme, and for web schemes a valid host and port.
    static func isWebAddress(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let colon = bytes.firstIndex(of: 0x3A) else { return false }
        // Lowercased only when it has a capital: ASCII without one is its own lower case.
        var scheme = String(decoding: bytes[..<colon], as: UTF8.self)
        if bytes[..<colon].contains(where: { $0 >= 0x80 || (0x41...0x5A).contains($0) }) { scheme = scheme.lowercased() }
        guard isLinkScheme(scheme) else { return false }
        let rest = colon + 1
        guard scheme == "http" || scheme == "https" || scheme == "ftp" else {
            return rest != bytes.count
        }
        guard bytes.count - rest >= 2, bytes[rest] == 0x2F, bytes[rest + 1] == 0x2F else { return false }
        var start = rest + 2
        var end = start
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
        if let at = bytes[start..<end].lastIndex(of: 0x40) { start = at + 1 }
        var hostEnd = end
        if let portColon = bytes[start..<end].lastIndex(of: 0x3A) {
            let port = bytes[(portColon + 1)..<end]
            guard port.allSatisfy({ (0x30...0x39).contains($0) }), port.count <= 5,
                  (Int(String(decoding: port, as: UTF8.self)) ?? 0) <= 65535 else { return false }
            hostEnd = portColon
        }
        let host = bytes[start..<hostEnd]
        // Plain ASCII hosts, the usual case, without Foundation or Unicode tables.
        let ascii = host.allSatisfy { b in
            (0x61...0x7A).contains(b) || (0x41...0x5A).contains(b) || (0x30...0x39).contains(b) || b == 0x2D || b == 0x2E || b == 0x5F
        }
        if ascii {
            // Not empty, no leading dot, no empty label, labels of 63 bytes at most.
            guard !host.isEmpty, host.first != 0x2E else { return false }
            var label = 0
            var previous: UInt8 = 0
            for b in host {
                if b == 0x2E {
                    if previous == 0x2E { return false }
                    label = 0
                } else {
                    label += 1
                    if label > 63 { return false }
                }
                previous = b
            }
            return true
        }
        let decoded = String(decoding: host, as: UTF8.self).removingPercentEncoding ?? ""
        guard !decoded.isEmpty, !decoded.hasPrefix("."), !decoded.contains(".."),
              decoded.split(separator: ".").allSatisfy({ $0.utf8.count <= 63 }),
              decoded.unicodeScalars.allSatisfy({ scalar in
                  scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "-" || scalar == "." || scalar == "_"
              })
        else { return false }
        return true
    }
}
