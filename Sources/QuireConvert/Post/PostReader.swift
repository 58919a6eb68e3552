import Foundation
import Yams

/// Turns a file's bytes into a `Post`: checks the encoding, splits off the
/// front matter, maps its keys, and parses the Markdown once.
///
/// FIRST CUT: YAML only, no budgets. To be completed (TOML, JSON, dates,
/// alias budget, line numbers).
public enum PostReader {
    public static func read(bytes: [UInt8], path: String, options: MarkdownParser.Options = .init()) throws(ConversionError) -> Post {
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw ConversionError(path: path, reason: .invalidUTF8)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        var values: [String: FrontMatterValue] = [:]
        var body = text
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) {
            let yaml = String(text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound])
            body = String(text[end.upperBound...])
            if let map = (try? Yams.load(yaml: yaml)) as? [String: Any] {
                for (k, v) in map { values[k] = .string("\(v)") }
            }
        }
        let document = MarkdownParser.parse(body, options: options)
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        let title = values["title"]?.stringValue ?? document.firstTitle ?? stem
        return Post(path: path, title: title, permalink: values["url"]?.stringValue,
                    slug: stem, frontMatter: values, document: document)
    }
}
