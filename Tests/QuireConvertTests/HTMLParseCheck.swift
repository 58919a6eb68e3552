import CLibXML2
import Foundation

/// Parses a page with libxml2's HTML parser (network off) and lists what it
/// finds wrong: tags closed out of order, stray end tags, broken
/// attributes. libxml2 knows HTML 4 only, so "unknown tag" for HTML5
/// elements (`main`, `nav`, `time`, …) is not a problem.
enum HTMLParseCheck {
    struct Problem: CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Collects the problems of one parse. libxml2 keeps its error handler
    /// per thread, and the parse runs start to end on this thread, so
    /// checks on several threads do not mix. (The HTML parser ignores the
    /// context's own `sax.serror`.)
    private final class Collector {
        var problems: [Problem] = []
    }

    static func problems(in html: String) -> [Problem] {
        let collector = Collector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        xmlSetStructuredErrorFunc(unmanaged.toOpaque()) { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
            let code = Int(error.pointee.code)
            guard code != Int(XML_HTML_UNKNOWN_TAG.rawValue) else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "error \(code)"
            collector.problems.append(Problem(line: Int(error.pointee.line),
                                              message: message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = html.withCString { bytes in
            htmlReadMemory(bytes, Int32(strlen(bytes)), nil, "UTF-8", options)
        }
        if let document { xmlFreeDoc(document) } else { collector.problems.append(Problem(line: 0, message: "no document")) }
        return collector.problems
    }
}
