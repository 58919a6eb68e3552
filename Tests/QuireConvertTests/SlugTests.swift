import Testing
@testable import QuireConvert

@Suite struct SlugTests {
    @Test func frontMatterSlugWins() {
        #expect(Slug.make(slug: "my-slug", permalink: "/a/b/", fileName: "2016-12-25-file.md") == ("my-slug", nil))
    }

    @Test func lastSegmentOfPermalink() {
        #expect(Slug.make(slug: nil, permalink: "/blog/machine-learning-roadmap/", fileName: "x.md").slug == "machine-learning-roadmap")
        #expect(Slug.make(slug: nil, permalink: "https://example.com/a/post.html?x=1#top", fileName: "x.md").slug == "post")
        #expect(Slug.make(slug: nil, permalink: "/caf%C3%A9/", fileName: "x.md").slug == "café")
    }

    @Test func jekyllPatternsFallBackToTheFileName() {
        #expect(Slug.make(slug: nil, permalink: "/:categories/:year/:title/", fileName: "2016-12-25-hello-world.md").slug == "hello-world")
        #expect(Slug.make(slug: nil, permalink: "https://example.com", fileName: "hello.markdown").slug == "hello")
    }

    @Test func fileNameWithoutDatePrefixOrExtension() {
        #expect(Slug.make(slug: nil, permalink: nil, fileName: "2016-12-25-hello-world.md").slug == "hello-world")
        #expect(Slug.make(slug: nil, permalink: nil, fileName: "Notes Über Alles.MD").slug == "Notes-Über-Alles")
        #expect(Slug.make(slug: nil, permalink: nil, fileName: "-leading.md").slug == "leading")
        #expect(Slug.make(slug: nil, permalink: nil, fileName: "....md").slug == "post")
    }

    @Test func spacesBecomeDashesWithoutAWarning() {
        #expect(Slug.make(slug: "my  first post", permalink: nil, fileName: "x.md") == ("my-first-post", nil))
    }

    @Test(arguments: [
        ("../x", "x"), ("../../etc/passwd", "etc-passwd"), ("/etc/hostname", "etc-hostname"),
        (".hidden", "hidden"), ("-rf", "rf"), ("a/../b", "a-.-b"), ("..", ""), ("a\u{0}b\u{7}c\u{1B}", "abc"),
        ("C:\\Windows\\x", "C-Windows-x"), ("what?*<>|\"", "what"), ("con", "con-post"), ("日本語の記事", "日本語の記事"),
    ])
    func hostileSlugsAreMadeSafe(written: String, expected: String) {
        let safe = Slug.sanitise(written)
        #expect(safe == expected)
        #expect(!safe.contains("/") && !safe.contains("..") && !safe.hasPrefix(".") && !safe.hasPrefix("-"))
    }

    @Test func hostileSlugFallsBackAndWarns() {
        let made = Slug.make(slug: "..", permalink: nil, fileName: "2020-01-01-real.md")
        #expect(made.slug == "real")
        let climbing = Slug.make(slug: nil, permalink: "../x", fileName: "a.md")
        #expect(climbing == ("x", "../x"))
        #expect(Slug.make(slug: nil, permalink: "%2e%2e/%2e%2e/y", fileName: "a.md") == ("y", "%2e%2e/%2e%2e/y"))
    }

    @Test func decomposedLettersAreComposed() {
        #expect(Slug.sanitise("cafe\u{301}") == "caf\u{E9}")
    }

    @Test func longSlugsAreCutAtACharacter() {
        let long = String(repeating: "é", count: 300)
        let safe = Slug.sanitise(long)
        #expect(safe.utf8.count <= Slug.maximumBytes)
        #expect(safe == String(repeating: "é", count: 100))
    }
}
