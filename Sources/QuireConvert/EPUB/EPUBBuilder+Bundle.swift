import Foundation

/// Recognising a link to another post of the same book: by its source file
/// (`other.md`, `../2020/other.md`), its permalink (`/blog/other/`, or the
/// full web address under the base URL) or its slug (`../other/`).
extension EPUBBuilder {
    static func chapterFinder(_ chapters: [BookChapter], baseURL: String?) -> (String, Post) -> String? {
        var byPermalink: [String: String] = [:]
        var bySlug: [String: String] = [:]
        var slugCounts: [String: Int] = [:]
        for chapter in chapters {
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
        // Source paths are made absolute (`standardizingPath` asks the file
        // system about symbolic links) only when a post links by file name.
        let files = FileTables(chapters)

        return { href, post in
            var path = href
            if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
            if URLSafety.hasScheme(path) {
                guard let base, path.lowercased().hasPrefix(base.lowercased()) else { return nil }
                path = String(path.dropFirst(base.count))
                if !path.hasPrefix("/") { path = "/" + path }
            }
            path = ChapterLinker.decode(path)
            guard !path.isEmpty else { return nil }
            if path.hasPrefix("/") {
                if let file = byPermalink[normalize(path)] { return file }
            } else {
                let folder = files.folders[post.path] ?? (absolute(post.path) as NSString).deletingLastPathComponent
                let file = ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
                if let chapter = files.byFile[file] { return chapter }
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

    /// Each chapter's source file, absolute, and its folder: made on first use.
    final class FileTables {
        /// Each chapter's source path and its file in the book.
        let sources: [(path: String, file: String)]
        init(_ chapters: [BookChapter]) { sources = chapters.map { ($0.post.path, $0.file) } }

        lazy var byFile: [String: String] = {
            var table: [String: String] = [:]
            for (source, absolute) in zip(sources, absolutePaths) { table[absolute] = source.file }
            return table
        }()

        lazy var folders: [String: String] = {
            var table: [String: String] = [:]
            for (source, absolute) in zip(sources, absolutePaths) {
                table[source.path] = (absolute as NSString).deletingLastPathComponent
            }
            return table
        }()

        private lazy var absolutePaths: [String] = sources.map { EPUBBuilder.absolute($0.path) }
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
