import Foundation
@testable import QuireConvert

/// The rules every plain text we write must keep, checked line by line:
/// the golden files, the sample posts and the corpus all go through here.
enum TextChecks {
    /// List markers, quote markers, note and link numbers: what may stand
    /// before a word that is too long for any line.
    static let prefix = try! NSRegularExpression(pattern: #"^(?:\s+|>+ ?|- |\d+\.\s+|\[[x ]\] |\[\^?\d+\]\s+|[^\s:]+: )*"#)
    static let lonelyWord = try! NSRegularExpression(pattern: #"^\S+(?: \[\d+\])?\.?$"#)
    static let tagName = try! NSRegularExpression(pattern: #"</?([A-Za-z][A-Za-z0-9-]*)"#)

    static func problems(in text: String, document: Document, width: Int, flowed: Bool = false) -> [String] {
        var problems: [String] = []
        if !text.hasSuffix("\n") { problems.append("no final newline") }
        if text.contains("\r") { problems.append("a carriage return") }
        let code = codeLines(document)
        let tags = rawTags(document)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for (number, raw) in lines.enumerated() {
            var line = String(raw)
            if flowed {
                if line.hasSuffix(" ") { line.removeLast() }           // soft break
                if line.hasPrefix(" ") { line.removeFirst() }          // space-stuffing
            } else if line.hasSuffix(" ") || line.hasSuffix("\t") {
                problems.append("line \(number + 1): trailing white space")
            }
            let isCode = code.contains { !$0.isEmpty && line.hasSuffix($0) }
            if DisplayWidth.of(line) > width, !isCode, !isLonelyWord(line) {
                problems.append("line \(number + 1) is \(DisplayWidth.of(line)) columns: \(line)")
            }
            if !isCode {
                let outsideCode = line.replacingOccurrences(of: #"`[^`]*`"#, with: "", options: .regularExpression)
                for tag in tags where outsideCode.range(of: "</?\(tag)[\\s>/]", options: [.regularExpression, .caseInsensitive]) != nil {
                    problems.append("line \(number + 1): raw <\(tag)> survived: \(line)")
                }
            }
        }
        return problems
    }

    static func isLonelyWord(_ line: String) -> Bool {
        let ns = line as NSString
        let prefixLength = prefix.firstMatch(in: line, range: NSRange(location: 0, length: ns.length))?.range.length ?? 0
        let rest = ns.substring(from: prefixLength)
        return lonelyWord.firstMatch(in: rest, range: NSRange(location: 0, length: (rest as NSString).length)) != nil
    }

    /// Lines of code blocks as they appear in the text (tabs expanded).
    static func codeLines(_ document: Document) -> [String] {
        var out: [String] = []
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case let .code(_, text):
                    out += text.split(separator: "\n").map {
                        String($0).replacingOccurrences(of: "\t", with: "    ").trimmingCharacters(in: .whitespaces)
                    }
                case let .blockQuote(children): walk(children)
                case let .list(list): list.items.forEach { walk($0.blocks) }
                default: break
                }
            }
        }
        walk(document.blocks)
        document.footnotes.forEach { walk($0.blocks) }
        return out
    }

    /// Tag names the writer's raw HTML used; the text must show none of them.
    static func rawTags(_ document: Document) -> Set<String> {
        var html: [String] = []
        func inlines(_ content: [Inline]) {
            for inline in content {
                switch inline {
                case let .html(h): html.append(h)
                case let .emphasis(c), let .strong(c), let .strikethrough(c), let .link(_, _, c): inlines(c)
                default: break
                }
            }
        }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case let .html(h): html.append(h)
                case let .paragraph(c), let .heading(_, _, c): inlines(c)
                case let .blockQuote(children): walk(children)
                case let .list(list): list.items.forEach { walk($0.blocks) }
                case let .table(table): (table.header + table.rows.flatMap { $0 }).forEach(inlines)
                default: break
                }
            }
        }
        walk(document.blocks)
        document.footnotes.forEach { walk($0.blocks) }
        var names: Set<String> = []
        for fragment in html {
            let ns = fragment as NSString
            for match in tagName.matches(in: fragment, range: NSRange(location: 0, length: ns.length)) {
                names.insert(ns.substring(with: match.range(at: 1)).lowercased())
            }
        }
        return names
    }
}
