import Foundation
import Testing

@Suite struct ConvertCommandTests {
    static let pixel = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC")!

    @Test func convertsOneFileAndCopiesItsImages() throws {
        let quire = try QuireCommand()
        try quire.write("post.md", """
            ---
            title: "One <post> & more"
            url: notes/one-post
            slug: post
            ---

            ![a dot](images/dot.png) ![gone](images/gone.png)
            """)
        try quire.write("images/dot.png", Self.pixel)
        let result = try quire.run(["convert", "post.md", "-o", "out", "--base-url", "https://example.com"])
        #expect(result.status == 0)
        #expect(result.stderrLines == ["warning: post.md: image not found: images/gone.png"])
        let page = try #require(quire.read("out/post.html"))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<title>One &lt;post&gt; &amp; more</title>"))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.com/notes/one-post\">"))
        #expect(page.contains("<img src=\"images/dot.png\" alt=\"a dot\">"))
        #expect(page.contains("<img src=\"images/gone.png\" alt=\"gone\">"))
        #expect(try Data(contentsOf: quire.folder.appendingPathComponent("out/images/dot.png")) == Self.pixel)
    }

    @Test func convertsInPlaceWithoutHarmingImages() throws {
        let quire = try QuireCommand()
        try quire.write("post.md", "# In place\n\n![a dot](images/dot.png)\n")
        try quire.write("images/dot.png", Self.pixel)
        let result = try quire.run(["convert", "post.md"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(quire.exists("post.html"))
        #expect(try Data(contentsOf: quire.folder.appendingPathComponent("images/dot.png")) == Self.pixel)
    }

    @Test func convertsAFolder() throws {
        let quire = try QuireCommand()
        try quire.write("posts/first.md", "# First\n")
        try quire.write("posts/deeper/second.markdown", "# Second\n")
        try quire.write("posts/notes.txt", "not a post")
        let result = try quire.run(["convert", "posts", "-o", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let written = try FileManager.default.contentsOfDirectory(atPath: quire.folder.appendingPathComponent("out").path).sorted()
        #expect(written == ["first.html", "second.html"])
        #expect(quire.read("out/second.html")?.contains("<h1 id=\"second\">Second</h1>") == true)
    }

    @Test func readsStandardInputAndWritesStandardOutput() throws {
        let quire = try QuireCommand()
        let result = try quire.run(["convert", "-", "--to", "html"], stdin: Data("# From stdin\n\nHello *there*.\n".utf8))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>\n"))
        #expect(result.stdout.contains("<title>From stdin</title>"))
        #expect(result.stdout.contains("<p>Hello <em>there</em>.</p>"))
        #expect(result.stdout.hasSuffix("</html>\n"))
    }

    @Test func aFailingPostIsOneErrorLineAndTheOthersAreWritten() throws {
        let quire = try QuireCommand()
        try quire.write("posts/a-good.md", "# Good\n")
        try quire.write("posts/b-bad.md", Data([0x23, 0x20, 0xC3, 0x28, 0xFF, 0x0A]))
        try quire.write("posts/c-good.md", "# Also good\n")
        let result = try quire.run(["convert", "posts", "-o", "out"])
        #expect(result.status != 0)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix("error: posts/b-bad.md") == true, "\(result.stderr)")
        #expect(quire.exists("out/a-good.html"))
        #expect(quire.exists("out/c-good.html"))
        #expect(!quire.exists("out/b-bad.html"))
    }

    /// Two posts with one slug: the first (in file order) is written, the
    /// second is an error naming both, on every run; never a silent overwrite.
    @Test func twoPostsWithOneSlugAreAnErrorNotAnOverwrite() throws {
        let quire = try QuireCommand()
        try quire.write("posts/a.md", "---\ntitle: First\nslug: same\n---\nA\n")
        try quire.write("posts/b.md", "---\ntitle: Second\nslug: ../same\n---\nB\n")
        for _ in 0..<2 {
            let result = try quire.run(["convert", "posts", "--to", "html,text", "-o", "out"])
            #expect(result.status == 1)
            let errors = result.stderrLines.filter { $0.hasPrefix("error: ") }
            #expect(errors == ["error: posts/b.md: same.html, same.txt would overwrite the output of posts/a.md (the same slug); not written"],
                    "\(result.stderr)")
            #expect(quire.read("out/same.html")?.contains("<title>First</title>") == true)
        }
    }

    @Test func userTemplates() throws {
        let quire = try QuireCommand()
        try quire.write("templates/page.mustache", "<!DOCTYPE html><title>{{title}}</title>{{{body}}}\n")
        try quire.write("a.md", "---\ntitle: Plain\n---\nText.\n")
        let result = try quire.run(["convert", "a.md", "--templates", "templates", "-o", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(quire.read("out/a.html") == "<!DOCTYPE html><title>Plain</title><p>Text.</p>\n")
    }

    /// Needs the PostReader that maps `layout` (branch `post`); the first-cut
    /// reader keeps it only in the front matter.
    @Test func layoutPicksItsTemplate() throws {
        let quire = try QuireCommand()
        try quire.write("templates/page.mustache", "PAGE {{title}}\n")
        try quire.write("templates/post.mustache", "POST {{title}} {{mood}}\n")
        try quire.write("b.md", "---\ntitle: Fancy\nlayout: post\nmood: \"<sunny>\"\n---\nText.\n")
        let result = try quire.run(["convert", "b.md", "--templates", "templates", "-o", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(quire.read("out/b.html") == "POST Fancy &lt;sunny&gt;\n")
    }

    @Test func aBrokenTemplateStopsBeforeAnyPost() throws {
        let quire = try QuireCommand()
        try quire.write("templates/page.mustache", "<html>\n{{#tags}}\n</html>\n")
        try quire.write("a.md", "# A\n")
        let result = try quire.run(["convert", "a.md", "--templates", "templates", "-o", "out"])
        #expect(result.status != 0)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix("error: templates/page.mustache:") == true, "\(result.stderr)")
        #expect(!quire.exists("out/a.html"))
    }

    /// Nothing outside the post's folder and the asset roots is read or
    /// copied; each refusal is a warning naming the post.
    @Test func hostileImagePathsAreNeverRead() throws {
        let quire = try QuireCommand()
        try quire.write("outside/secret.png", "SECRET-BYTES")
        try quire.write("site/posts/post.md", """
            # Hostile

            ![a](../../../../../../../../etc/passwd) ![b](/etc/hostname) ![c](file:///etc/passwd)
            ![d](%2e%2e/%2e%2e/outside/secret.png) ![e](link.png) ![f](/assets/../../outside/secret.png)
            [a link](file:///etc/passwd) [another](../../outside/secret.png)
            """)
        try FileManager.default.createSymbolicLink(atPath: quire.folder.appendingPathComponent("site/posts/link.png").path,
                                                   withDestinationPath: "../../outside/secret.png")
        let result = try quire.run(["convert", "site/posts/post.md", "-o", "out"])
        #expect(result.status == 0)
        #expect(result.stderrLines.count == 6, "\(result.stderr)")
        #expect(result.stderrLines.allSatisfy { $0.hasPrefix("warning: site/posts/post.md: image ") })
        let written = try FileManager.default.contentsOfDirectory(atPath: quire.folder.appendingPathComponent("out").path)
        #expect(written == ["post.html"])
        let page = try #require(quire.read("out/post.html"))
        #expect(!page.contains("SECRET-BYTES"))
        #expect(!page.contains("root:x:0:0"))
        #expect(page.contains("<a href=\"#\">a link</a>"), "file: links are neutralised")
        #expect(page.contains("<img src=\"about:invalid\" alt=\"c\">"))
    }
}
