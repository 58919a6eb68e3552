import Foundation
import Testing
import QuireTestSupport

/// Right-to-left posts through the built binary, its worker processes
/// included: the page, the book, a mixed bundle (EPUBCheck: 0 errors, 0
/// warnings), the plain text untouched, and a bad `dir` as one warning.
@Suite struct RightToLeftEndToEndTests {
    static let bidiControls: Set<Unicode.Scalar> = ["\u{200E}", "\u{200F}", "\u{061C}", "\u{202A}", "\u{202B}", "\u{202C}",
                                                     "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}"]

    static func entries(_ book: URL) throws -> [String: String] {
        let script = """
            import zipfile, sys, json
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({i.filename: z.read(i.filename).decode('utf-8', 'replace') for i in z.infolist()}))
            """
        let out = try EPUBCheckRunner.run(["python3", "-c", script, book.path])
        return try JSONDecoder().decode([String: String].self, from: Data(out.stdout.utf8))
    }

    @Test func rightToLeftPostsReadRightToLeft() throws {
        let command = try QuireCommand()
        try command.write("posts/ar.md", "---\ntitle: مرحبا\nlang: ar-EG\ndate: 2024-01-01\n---\n\nنص **عربي**.\n\n> اقتباس.\n")
        try command.write("posts/he.md", "---\ntitle: שלום\nlang: he\ndate: 2024-03-01\n---\n\nטקסט.\n")
        try command.write("posts/en.md", "---\ntitle: Hello\nlang: en\ndate: 2024-02-01\n---\n\nBack to [the Arabic one](ar.md).\n")
        try command.write("posts/turned.md", "---\ntitle: Turned\ndir: rtl\n---\n\nEnglish, right to left.\n")
        try command.write("posts/typo.md", "---\ntitle: Typo\nlang: fa\ndir: rlt\n---\n\nمتن.\n")

        let convert = try command.run(["convert", "posts", "--to", "html,epub,text", "-o", "out"])
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stderrLines.filter { $0.contains("dir \"rlt\" is neither rtl nor ltr") }.count == 1, "\(convert.stderr)")
        #expect(convert.stderr.contains("posts/typo.md:4: dir \"rlt\""))

        #expect(command.read("out/ar.html")?.contains("<html lang=\"ar-EG\" dir=\"rtl\">") == true)
        #expect(command.read("out/he.html")?.contains("<html lang=\"he\" dir=\"rtl\">") == true)
        #expect(command.read("out/turned.html")?.contains("<html lang=\"en\" dir=\"rtl\">") == true)
        #expect(command.read("out/typo.html")?.contains("<html lang=\"fa\">") == true)
        #expect(command.read("out/en.html")?.contains("<html lang=\"en\">") == true)
        for name in ["ar", "he", "en", "turned", "typo"] {
            let text = try #require(command.read("out/\(name).txt"))
            #expect(!text.unicodeScalars.contains { Self.bidiControls.contains($0) }, "\(name).txt holds no bidi controls")
        }
        #expect(command.read("out/ar.txt")?.contains("نص **عربي**.") == true)

        let book = try command.run(["book", "posts/en.md", "posts/he.md", "posts/ar.md", "-o", "out/mixed.epub", "--title", "مجموعة"])
        #expect(book.status == 0, "\(book.stderr)")

        let out = command.folder.appendingPathComponent("out")
        let ar = try Self.entries(out.appendingPathComponent("ar.epub"))
        #expect(ar["EPUB/content.opf"]?.contains("page-progression-direction=\"rtl\"") == true)
        #expect(ar["EPUB/chapter-001.xhtml"]?.contains("xml:lang=\"ar-EG\" dir=\"rtl\">") == true)
        let en = try Self.entries(out.appendingPathComponent("en.epub"))
        #expect(en.values.allSatisfy { !$0.contains("dir=") && !$0.contains("page-progression-direction") })
        let mixed = try Self.entries(out.appendingPathComponent("mixed.epub"))
        #expect(mixed["EPUB/content.opf"]?.contains("<spine toc=\"ncx\" page-progression-direction=\"rtl\">") == true,
                "the Arabic post comes first by date")
        #expect(mixed["EPUB/chapter-002.xhtml"]?.contains("xml:lang=\"en\" dir=\"ltr\">") == true)
        #expect(mixed["EPUB/chapter-003.xhtml"]?.contains("xml:lang=\"he\" dir=\"rtl\">") == true)

        let books = ["ar", "he", "en", "turned", "typo", "mixed"].map { out.appendingPathComponent($0 + ".epub").path }
        let results = try EPUBCheckRunner.check(books)
        for path in books {
            let result = try #require(results[path])
            #expect(result.clean, "\(path): \(result.messages.joined(separator: "\n"))")
        }
    }
}
