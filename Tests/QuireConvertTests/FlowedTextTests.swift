import Testing
@testable import QuireConvert

/// format=flowed is the plain text with RFC 3676 markings: undoing the
/// markings line by line must give the plain text back.
@Suite struct FlowedTextTests {
    /// A reader's view of one flowed line: quote depth, stuffing removed,
    /// and whether it is soft.
    static func unflow(_ line: Substring) -> (plain: String, soft: Bool) {
        var rest = line
        var depth = 0
        while rest.first == ">" { depth += 1; rest.removeFirst() }
        if rest.first == " " { rest.removeFirst() }     // stuffing
        let soft = rest.last == " "
        if soft { rest.removeLast() }
        var plain = String(repeating: "> ", count: depth) + rest
        while plain.last == " " { plain.removeLast() }
        return (plain, soft)
    }

    @Test(arguments: ["text-everything", "text-wide"])
    func flowedUndoesToThePlainText(fixture: String) throws {
        let post = try TextGoldenTests.post(fixture)
        let plain = TextRenderer.render(post, options: TextRenderer.Options(width: 50, baseURL: "https://example.com/"))
        let flowed = TextRenderer.render(post, options: TextRenderer.Options(width: 50, baseURL: "https://example.com/", flowed: true))
        let plainLines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        let flowedLines = flowed.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(plainLines.count == flowedLines.count)
        var softCount = 0
        for (p, f) in zip(plainLines, flowedLines) {
            let (undone, soft) = Self.unflow(f)
            #expect(undone == String(p), "flowed \(f) is not plain \(p)")
            if soft { softCount += 1 }
            // Lines that start with a space or "From " are stuffed.
            if f.first != ">" && !f.isEmpty { #expect(!(p.hasPrefix(" ") || p.hasPrefix("From ")) || f.hasPrefix(" ")) }
        }
        #expect(softCount > 3)
        // Code and tables never flow: their lines are hard.
        let code = TextChecks.codeLines(post.document)
        for line in flowedLines where code.contains(where: { !$0.isEmpty && line.hasSuffix($0) }) {
            #expect(!line.hasSuffix(" "))
        }
    }

    @Test func stuffingAndQuotes() {
        #expect(TextLine("From here", soft: true).flowed == " From here ")
        #expect(TextLine(">not a quote").flowed == " >not a quote")
        #expect(TextLine("quoted", soft: false, quoteDepth: 2).flowed == ">> quoted")
        #expect(TextLine("", quoteDepth: 1).flowed == ">")
        #expect(TextLine("    code").flowed == "     code")
    }
}
