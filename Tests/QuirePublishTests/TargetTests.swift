import QuireConvert
import Testing
@testable import QuirePublish

@Suite("Target")
struct TargetTests {
    let pretty = Target(format: .html, path: "/t", layout: .pretty)
    let flat = Target(format: .html, path: "/t", layout: .flat)

    @Test("where each format puts a post", arguments: [
        (Target(format: .html, path: "/t", layout: .pretty), "hello", nil, "hello/index.html"),
        (Target(format: .html, path: "/t", layout: .pretty), "hello", "/2024/01/hi/", "2024/01/hi/index.html"),
        (Target(format: .html, path: "/t", layout: .pretty), "hello", "https://example.com/blog/hi?x=1", "blog/hi/index.html"),
        (Target(format: .html, path: "/t", layout: .pretty), "hello", "/old/page.html", "old/page.html"),
        (Target(format: .html, path: "/t", layout: .flat), "hello", "/2024/hi/", "hello.html"),
        (Target(format: .epub, path: "/t", layout: .pretty), "hello", "/x/", "hello.epub"),
        (Target(format: .text, path: "/t", layout: .pretty), "hello", nil, "hello.txt"),
    ] as [(Target, String, String?, String)])
    func placement(target: Target, slug: String, permalink: String?, expected: String) {
        let placed = target.mainFile(slug: slug, permalink: permalink)
        #expect(placed.path == expected && placed.note == nil)
    }

    @Test("permalinks and slugs never leave the target", arguments: ["../x", "/a/../../x", "%2e%2e/x", "/a/%2E%2E/%2e%2e/x"])
    func escape(permalink: String) {
        let placed = pretty.mainFile(slug: "safe", permalink: permalink)
        #expect(placed.path == "safe/index.html")
        #expect(placed.note?.contains("outside the target") == true)
        #expect(flat.mainFile(slug: permalink, permalink: nil).path == nil, "the same text as a slug is refused")
        #expect(pretty.mainFile(slug: "..", permalink: nil).path == nil)
    }

    @Test("images stay inside the target")
    func images() {
        #expect(pretty.imageFile("a.png", besidePage: "post/index.html") == "post/a.png")
        #expect(pretty.imageFile("../shared/a.png", besidePage: "post/index.html") == "shared/a.png")
        #expect(pretty.imageFile("../../a.png", besidePage: "post/index.html") == nil)
        #expect(pretty.imageFile("/etc/passwd", besidePage: "post/index.html") == nil)
    }
}
