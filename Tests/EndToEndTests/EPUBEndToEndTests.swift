import Foundation
import Testing
import QuireTestSupport

/// `quire convert --to epub` and `quire book` through the built binary, on
/// hostile posts this test writes, the seed post, the sample posts and a
/// bundle; then EPUBCheck on every book at once: 0 errors, 0 warnings.
@Suite(.serialized) struct EPUBEndToEndTests {
    static let root = EPUBCheckRunner.packageRoot.path
    static let quire = root + "/.build/debug/quire"
    static let seed = root + "/../shared/corpus/seed"
    static let corpus = root + "/../shared/corpus/nodejs-blog"
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!

    static func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quire-epub-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Posts that break converters: each must still give a valid book.
    static func writeHostilePosts(in dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir + "/posts/img", withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: dir + "/posts/img/dot.png"))
        try write("not a picture", to: dir + "/posts/img/fake.png")
        try write(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#, to: dir + "/posts/img/evil.svg")
        try write(#"<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#,
                  to: dir + "/posts/img/laughs.svg")
        try write("secret outside the roots", to: dir + "/secret.png")
        try? FileManager.default.createSymbolicLink(atPath: dir + "/posts/img/link.png", withDestinationPath: "/etc/hostname")
        try write("""
            ---
            title: Raw HTML soup
            ---

            # Soup

            <div onclick="x()">div <p>para <table><tr><td>cell</td></tr></table></div>
            <script>alert(1)</script><iframe src="https://evil.example"></iframe><object data="x"></object><embed src="y">
            <form><input type="text"><button onclick="go()">Go</button><select><option>a</select></form>
            <a href="javascript:alert(1)">js</a> <a href="vbscript:x">vb</a> <a href="data:text/html,hi">data</a>
            <a href="#nowhere">missing fragment</a> <a href="other-post.md">other</a> <a href="http://exa mple.com/a b">spaces</a>
            <a href="https://ok.example/päth?q=1#a#b">odd but fine</a> <a href="#x"><a href="#y">nested</a></a>
            <li>stray li</li> <tr><td>stray cell</td></tr> <dd>stray dd</dd> <dl><dd>bad</dd><dt>order</dt></dl>
            <table><tr><td>a</td></tr><tbody><tr><td>b</td></tr></tbody>text</table> <ul><p>p in ul</p>text<li>ok</li></ul>
            <span><div>div in span</div></span><p><h2>heading in p</h2></p> <toc2>unknown</toc2> <custom-el foo=bar>custom</custom-el>
            <p style="position: fixed" lang="!!" dir="sideways" id="with space">styled</p> <details><p>x</p><summary>late</summary></details>
            <figure><p>a</p><figcaption>mid</figcaption><p>b</p></figure> <bdo>bdo</bdo> <font color=red>font</font> <center>c</center>
            <svg><circle r="1"/></svg> <math><mi>x</mi></math> <video src="v.mp4">fallback</video> <wbr>after wbr <a name="old">old</a> <a href="#old">to old</a>
            &nbsp; &copy; &bogus; &#0; &#x1; &#xFFFF;

            - [x] done
            - [ ] todo

            Footnote[^1]. | table | [link](#soup)

            [^1]: The note.

            | a | b |
            |:--|--:|
            | 1 | 2 |
            """, to: dir + "/posts/soup.md")
        try write("---\ntitle: \"Control \\u0001 characters\"\n---\n\nText \u{01}\u{02}\u{0B}\u{0C}\u{7F}\u{85} with controls \u{08} and \u{FFFE}.\n\n## Head\u{01}ing\n",
                  to: dir + "/posts/controls.md")
        try write("""
            ---
            title: Pictures
            image: img/dot.png
            ---

            ![dot](img/dot.png) ![again](./img/dot.png) ![missing](img/missing.png) ![escape](../../../../etc/passwd)
            ![outside](../secret.png) ![absolute](/etc/hostname) ![file](file:///etc/passwd) ![encoded](%2e%2e/secret.png)
            ![link](img/link.png) ![remote](https://example.com/r.png) ![fake](img/fake.png) ![evil](img/evil.svg)
            ![laughs](img/laughs.svg) ![](img/missing-no-alt.png) <img src="img/dot.png" onerror="x()"> <img>
            [![linked remote](https://example.com/in-link.png)](https://example.com/)
            """, to: dir + "/posts/images.md")
        try write("""
            ---
            title: Заголовки
            ---

            <toc>

            ## Дубликат
            ## Дубликат
            ## 日本語の見出し
            ## العربية
            ##
            ## !!!

            [к первому](#дубликат) [ко второму](#%D0%B4%D1%83%D0%B1%D0%BB%D0%B8%D0%BA%D0%B0%D1%82-1) [японский](#日本語の見出し)
            """, to: dir + "/posts/headings.md")
        let sections = (1...300).map { "## Section \($0)\n\n" + String(repeating: "Lorem ipsum dolor sit amet, *consectetur* adipiscing. ", count: 60) }
        try write("---\ntitle: Very long\n---\n\n" + sections.joined(separator: "\n\n"), to: dir + "/posts/long.md")
        try write("---\ntitle: Deep\n---\n\n" + String(repeating: "<div>", count: 300) + "deep" + String(repeating: "</div>", count: 300)
                  + "\n\n" + String(repeating: "> ", count: 80) + "quote\n", to: dir + "/posts/deep.md")
        try write("---\ntitle: Only a title\n---\n", to: dir + "/posts/empty.md")
        try writeLinkedPosts(in: dir + "/posts/linked")
    }

    /// Two posts that link to each other, for the bundled book.
    static func writeLinkedPosts(in dir: String) throws {
        try write("---\ntitle: Later\ndate: 2024-02-01\n---\n\nSee [the earlier post](earlier.md#details).\n", to: dir + "/later.md")
        try write("---\ntitle: Earlier\ndate: 2024-01-01\n---\n\n## Details\n\nSee [the later one](later.md) and [the soup](../soup.md#soup).\n", to: dir + "/earlier.md")
    }

    @Test func everyBookPassesEPUBCheckWithNoWarnings() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeHostilePosts(in: dir)
        var inputs = [dir + "/posts"]
        if FileManager.default.fileExists(atPath: Self.seed) {
            inputs.append(Self.seed)
        } else {
            print("EPUBEndToEndTests: ../shared/corpus/seed is not here; the seed post is not checked")
        }
        let watch = Self.root + "/Watch"
        if FileManager.default.fileExists(atPath: watch) { inputs.append(watch) }
        let convert = try EPUBCheckRunner.run([Self.quire, "convert"] + inputs + ["--to", "epub", "-o", dir + "/out"])
        #expect(convert.status == 0, "\(convert.stderr)")
        // Warnings name the post and the path; nothing outside the roots is read.
        #expect(convert.stderr.contains("images.md: image refused, it leaves the post's folder and the asset roots: ../../../../etc/passwd"))
        #expect(convert.stderr.contains("images.md: image not found: img/missing.png"))
        #expect(convert.stderr.contains("images.md: image img/laughs.svg: the SVG declares entities"))
        let bundle = try EPUBCheckRunner.run([Self.quire, "book", dir + "/posts", "-o", dir + "/out/bundle.epub", "--title", "Everything"])
        #expect(bundle.status == 0, "\(bundle.stderr)")

        let books = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".epub") }.sorted()
            .map { dir + "/out/" + $0 }
        #expect(books.count >= 9)
        for book in books {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: book))
            for secret in ["secret outside the roots", "root:x:0:0"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(book) holds bytes from outside the roots")
            }
        }
        let results = try EPUBCheckRunner.check(books)
        for book in books {
            let result = try #require(results[book])
            #expect(result.clean, "\(book): \(result.fatals) fatal, \(result.errors) errors, \(result.warnings) warnings\n\(result.messages.joined(separator: "\n"))")
        }
        print("EPUBEndToEndTests: \(results.values.filter(\.clean).count) of \(books.count) books pass EPUBCheck with no errors or warnings")
    }

    @Test func twoRunsGiveByteIdenticalBooks() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeHostilePosts(in: dir)
        for run in ["a", "b"] {
            let out = try EPUBCheckRunner.run([Self.quire, "convert", dir + "/posts", "--to", "epub", "-o", dir + "/" + run])
            #expect(out.status == 0)
            let book = try EPUBCheckRunner.run([Self.quire, "book", dir + "/posts", "-o", dir + "/\(run)/bundle.epub"])
            #expect(book.status == 0)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/a").sorted()
        #expect(names.count >= 8)
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b/" + name))
            #expect(a == b, "\(name) differs between two runs")
        }
    }

    /// `SOURCE_DATE_EPOCH` reaches the book's `dcterms:modified` through the
    /// workers (read with `getenv` for each book), in `quire convert` and
    /// in `quire book`; without it, the fixed date.
    @Test func sourceDateEpochDatesUndatedBooks() throws {
        let command = try QuireCommand()
        try command.write("posts/undated.md", "# Undated\n\nNo date here.\n")
        for (environment, modified) in [(["SOURCE_DATE_EPOCH": "86400"], "1970-01-02T00:00:00Z"), ([:], "2000-01-01T00:00:00Z")] {
            let name = environment.isEmpty ? "plain" : "epoch"
            let convert = try command.run(["convert", "posts", "--to", "epub", "-o", name], environment: environment)
            #expect(convert.status == 0, "\(convert.stderr)")
            let book = try command.run(["book", "posts/undated.md", "-o", "\(name)/bundle.epub"], environment: environment)
            #expect(book.status == 0, "\(book.stderr)")
            for file in ["undated.epub", "bundle.epub"] {
                let entries = try RightToLeftEndToEndTests.entries(command.folder.appendingPathComponent("\(name)/\(file)"))
                #expect(entries["EPUB/content.opf"]?.contains("<meta property=\"dcterms:modified\">\(modified)</meta>") == true,
                        "\(name)/\(file)")
            }
        }
    }

    @Test func bundledBookLinksPostsInsideTheBook() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // EPUBCheck sees these two in the bundle of `everyBookPassesEPUBCheckWithNoWarnings`.
        try Self.writeLinkedPosts(in: dir)
        let out = try EPUBCheckRunner.run([Self.quire, "book", dir + "/later.md", dir + "/earlier.md", "-o", dir + "/both.epub", "--title", "Two"])
        #expect(out.status == 0, "\(out.stderr)")
        let script = """
            import zipfile, sys
            z = zipfile.ZipFile(sys.argv[1])
            for n in ["EPUB/chapter-001.xhtml", "EPUB/chapter-002.xhtml", "EPUB/nav.xhtml", "EPUB/content.opf"]:
                print("==", n); print(z.read(n).decode())
            """
        let files = try EPUBCheckRunner.run(["python3", "-c", script, dir + "/both.epub"]).stdout
        #expect(files.contains("href=\"chapter-001.xhtml#details\">the earlier post</a>") || files.contains("href=\"chapter-002.xhtml#details\">the earlier post</a>"))
        #expect(files.contains(">the later one</a>") && !files.contains("later.md"))
        #expect(files.contains("<dc:title>Two</dc:title>"))
        let missing = try EPUBCheckRunner.run([Self.quire, "book", dir + "/nope.md", "-o", dir + "/x.epub"])
        #expect(missing.status != 0 && missing.stderr.contains("nope.md"))
    }

    /// Every post of the Node.js blog as a book; EPUBCheck on a spread of
    /// them, the 10 largest always. Slow-ish (about a minute): QUIRE_SKIP_SLOW=1 skips it.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus) && ProcessInfo.processInfo.environment["QUIRE_SKIP_SLOW"] != "1"))
    func corpusBooksPassEPUBCheck() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = Date()
        // One worker: the suite's other tests time their workers, and two
        // cores are all there is.
        let out = try EPUBCheckRunner.run([Self.quire, "convert", Self.corpus, "--to", "epub", "-o", dir, "--jobs", "1"])
        let seconds = Date().timeIntervalSince(start)
        #expect(out.status == 0, "\(out.stderr.suffix(2000))")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".epub") }.sorted()
        #expect(names.count > 1000)
        // The 10 largest posts, converted again on their own (their books'
        // names depend on slugs), and every 25th book of the rest.
        let enumerator = FileManager.default.enumerator(atPath: Self.corpus)
        var sizes: [(String, Int)] = []
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".md") else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: Self.corpus + "/" + relative)
            sizes.append((Self.corpus + "/" + relative, (attributes?[.size] as? Int) ?? 0))
        }
        let largest = sizes.sorted { $0.1 > $1.1 }.prefix(10).map(\.0)
        let big = try EPUBCheckRunner.run([Self.quire, "convert"] + largest + ["--to", "epub", "-o", dir + "/largest", "--jobs", "1"])
        #expect(big.status == 0)
        let largestBooks = try FileManager.default.contentsOfDirectory(atPath: dir + "/largest").sorted().map { dir + "/largest/" + $0 }
        #expect(largestBooks.count == 10)
        let spread = names.enumerated().filter { $0.offset % 25 == 0 }.map { dir + "/" + $0.element }
        let chosen = largestBooks + spread
        #expect(chosen.count >= 40)
        let results = try EPUBCheckRunner.check(chosen)
        let passed = chosen.filter { results[$0]?.clean == true }
        for book in chosen where results[book]?.clean != true {
            Issue.record("\(book): \(results[book]?.messages.joined(separator: "\n") ?? "no result")")
        }
        print("EPUBEndToEndTests: corpus: \(names.count) books built in \(String(format: "%.1f", seconds)) s (debug build, one worker); EPUBCheck: \(passed.count) of \(chosen.count) pass with 0 errors and 0 warnings")
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: corpus)))
    func corpusIsAbsent() {
        print("EPUBEndToEndTests: ../shared/corpus/nodejs-blog is not here; the corpus check is skipped")
    }
}
