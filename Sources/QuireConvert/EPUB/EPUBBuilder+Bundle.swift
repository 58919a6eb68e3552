import Foundation

/// Recognising a link to another post of the same book: by its source file
/// (`other.md`, `../2020/other.md`), its permalink (`/blog/other/`, or the
/// full web address under the base URL) or its slug (`../other/`).
extension EPUBBuilder {
    static func chapterFinder(_ chapters: [BookChapter], baseURL: String?) -> (String, Post) -> String? {
        var byFile: [String: String] = [:]
        var byPermalink: [String: String] = [:]
        var bySlug: [String: String] = [:]
        var slugCounts: [String: Int] = [:]
        for chapter in chapters {
            byFile[absolute(chapter.post.path)] = chapter.file
            if let permalink = chapter.post.permalink, !normalize(permalink).isEmpty {
                byPermalink[normalize(permalink)] = chapter.file
            }
            let slug = chapter.post.slug.lowercased()
            slugCounts[slug, default: 0] += 1
            bySlug[slug] = chapter.file
        }
        // A slug two posts share names neither.
        for (slug, count) in slugCounts where count > 1 { bySlug[slug] = nil }
        let base = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        var folders: [String: String] = [:]
        for chapter in chapters {
            folders[chapter.post.path] = (absolute(chapter.post.path) as NSString).deletingLastPathComponent
        }

        return { href, post in
            var path = href
            if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
            if URLSafety.hasScheme(path) {
                guard let base, path.lowercased().hasPrefix(base.lowercased()) else { return nil }
                path = String(path.dropFirst(base.count))
                if !path.hasPrefix("/") { path = "/" + path }
            }
            path = path.removingPercentEncoding ?? path
            guard !path.isEmpty else { return nil }
            if path.hasPrefix("/") {
                if let file = byPermalink[normalize(path)] { return file }
            } else {
                let folder = folders[post.path] ?? (absolute(post.path) as NSString).deletingLastPathComponent
                let file = ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
                if let chapter = byFile[file] { return chapter }
                if let permalink = post.permalink {
                    let resolved = ((("/" + normalize(permalink)) as NSString).appendingPathComponent("../" + path) as NSString).standardizingPath
                    if let chapter = byPermalink[normalize(resolved)] { return chapter }
                }
            }
            var last = normalize(path).split(separator: "/").last.map(String.init) ?? ""
            for suffix in [".html", ".htm", ".md", ".markdown"] where last.hasSuffix(suffix) { last = String(last.dropLast(suffix.count)) }
            return bySlug[last]
        }
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path.isEmpty ? "." : path)
        return (full as NSString).standardizingPath
    }

    /// `/blog/a/`, `blog/a`, `blog/a/index.html` all read `blog/a`.
    static func normalize(_ permalink: String) -> String {
        var s = permalink.trimmingWhitespace.lowercased()
        for suffix in ["/index.html", "/index.htm", ".html", ".htm"] where s.hasSuffix(suffix) { s = String(s.dropLast(suffix.count)) }
        while s.hasPrefix("/") { s.removeFirst() }
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
