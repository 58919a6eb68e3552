import Foundation
import QuireConvert

/// One folder that receives one format: a web root, a Kindle folder, a
/// newsletter spool. A format may go to several targets.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    /// Where a page goes in an HTML target.
    public enum Layout: String, Sendable, Hashable, CaseIterable {
        /// `<permalink>/index.html`, so URLs end in a slash.
        case pretty
        /// `<slug>.html` at the top of the target.
        case flat
    }

    public var format: OutputFormat
    /// Absolute and clean.
    public var path: String
    public var layout: Layout

    public init(format: OutputFormat, path: String, layout: Layout = .pretty) {
        self.format = format
        self.path = path
        self.layout = layout
    }

    /// Names the target in the manifest: two formats may share a folder.
    public var key: String { "\(format.rawValue):\(path)" }

    public var description: String {
        format == .html ? "\(format.rawValue) -> \(Paths.display(path)) (\(layout.rawValue))"
            : "\(format.rawValue) -> \(Paths.display(path))"
    }

    /// Where a post's main output goes, relative to the target. `path` is
    /// nil when the post cannot be placed (then `note` says why); a
    /// non-nil `note` with a path is a warning (a refused permalink).
    public func mainFile(slug: String, permalink: String?) -> (path: String?, note: String?) {
        guard let slugParts = Paths.containedComponents(slug), !slugParts.isEmpty else {
            return (nil, "the slug \"\(slug)\" cannot name a file inside a target")
        }
        let stem = slugParts.joined(separator: "/")
        switch (format, layout) {
        case (.html, .flat): return (stem + ".html", nil)
        case (.html, .pretty): break
        case (.epub, _), (.text, _): return (stem + "." + format.fileExtension, nil)
        }
        guard let permalink, !permalink.isEmpty else { return (stem + "/index.html", nil) }
        guard let parts = Paths.containedComponents(Self.urlPath(permalink)) else {
            return (stem + "/index.html",
                    "permalink \"\(permalink)\" would write outside the target; using the slug \"\(slug)\" instead")
        }
        if let last = parts.last, ["html", "htm"].contains((last as NSString).pathExtension.lowercased()) {
            return (parts.joined(separator: "/"), nil)
        }
        return ((parts + ["index.html"]).joined(separator: "/"), nil)
    }

    /// Where a copy of an image goes: its published path, read from the
    /// page's folder. Nil when that would leave the target.
    public func imageFile(_ publishedPath: String, besidePage page: String) -> String? {
        guard !publishedPath.hasPrefix("/"),
              let parts = Paths.containedComponents(Paths.join(Paths.parent(page), publishedPath)),
              !parts.isEmpty else { return nil }
        return parts.joined(separator: "/")
    }

    /// The path of a permalink that may be written as a whole URL, without
    /// its query or fragment.
    static func urlPath(_ permalink: String) -> String {
        var text = Substring(permalink)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            text = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        return String(text)
    }
}
