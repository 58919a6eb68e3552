import Foundation

/// The hostile posts of issue 8, written into a source folder at test time
/// (the big and pathological ones are only ever generated), each with the
/// outcome it must have. Beside the source lies `outside/`, a folder no
/// output may read: its files hold `canary`, a random string, and the posts
/// reference them every hostile way (`..`, `%2e%2e`, absolute paths,
/// `file:` URLs, symbolic links to a file and to a folder, raw HTML, a
/// cover image, an SVG external entity).
struct HostileCorpus {
    enum Outcome: Equatable {
        /// Published under this slug; its outputs must pass the validators.
        case publishes(slug: String)
        /// One `error:` line naming the file and holding this fragment.
        case fails(String)
    }

    struct Post {
        var file: String
        var outcome: Outcome
    }

    let canary = "CANARY-" + UUID().uuidString
    let posts: [Post]
    /// Links among the posts that leave the source folder.
    let linksOut = ["leak-post.md", "passwd.md"]
    /// The folder holding `source` and `outside`.
    let root: String

    /// Writes the corpus into `root/source` and the canary files into
    /// `root/outside`.
    init(root: String, source: String) throws {
        self.root = root
        let folder = root + "/" + source
        let outside = root + "/outside"
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: outside + "/folder", withIntermediateDirectories: true)
        for name in ["secret.txt", "secret.png", "folder/secret.png"] {
            try Data("\(canary)\n".utf8).write(to: URL(fileURLWithPath: outside + "/" + name))
        }
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>\(canary)</text></svg>\n".utf8)
            .write(to: URL(fileURLWithPath: outside + "/secret.svg"))
        // A post only a walk that follows `link-folder` out of the source finds.
        try Data("# Leak\n\n\(canary)\n".utf8).write(to: URL(fileURLWithPath: outside + "/folder/leak.md"))
        try fm.createSymbolicLink(atPath: folder + "/link-file.png", withDestinationPath: outside + "/secret.png")
        try fm.createSymbolicLink(atPath: folder + "/link-folder", withDestinationPath: "../outside/folder")
        // Posts that are links out of the source: never read, a warning each.
        try Data("# Leak\n\n\(canary)\n".utf8).write(to: URL(fileURLWithPath: outside + "/secret.md"))
        try fm.createSymbolicLink(atPath: folder + "/leak-post.md", withDestinationPath: "../outside/secret.md")
        try fm.createSymbolicLink(atPath: folder + "/passwd.md", withDestinationPath: "/etc/passwd")

        var posts: [Post] = []
        func add(_ file: String, _ bytes: [UInt8], _ outcome: Outcome) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + file))
            posts.append(Post(file: file, outcome: outcome))
        }
        func add(_ file: String, _ text: String, _ outcome: Outcome) throws { try add(file, Array(text.utf8), outcome) }

        // Bytes that are not a post.
        try add("invalid-utf8.md", Array("# Bad\n\nabc ".utf8) + [0xC3, 0x28, 0xFF, 0x0A], .fails(":3: the file is not valid UTF-8"))
        try add("nul-bytes.md", Array("# Nul\n\na".utf8) + [0, 0x62, 0x0A], .fails(":3: the file is binary"))
        try add("picture.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
                + [UInt8](repeating: 0, count: 64), .fails(":3: the file is binary"))
        try add("empty.md", "", .fails(": the post is empty and has no title"))
        try add("only-a-title.md", "---\ntitle: Only a title\n---\n", .publishes(slug: "only-a-title"))
        try add("huge.md", String(repeating: "word ", count: (4 << 20) / 5 + 10), .fails(": the post is larger than the limit"))

        // Front matter.
        try add("bad-yaml.md", "---\ntitle: [unclosed\ndate: 2020-01-01\n---\nBody\n", .fails(":3: front matter: YAML:"))
        try add("bad-toml.md", "+++\ntitle = \"unclosed\n+++\nBody\n", .fails(":2: front matter: TOML:"))
        try add("bad-json.md", "{\n\"title\": \"x\"\n\"date\": 1\n}\nBody\n", .fails(":3: front matter: JSON:"))
        try add("bad-date.md", "---\ntitle: T\ndate: 2020-13-45\n---\nBody\n", .fails(":3: date: cannot read \"2020-13-45\""))
        try add("title-mapping.md", "---\ntitle: {a: b}\n---\nBody\n", .fails(":2: title: must be text"))
        let laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + (1...8).map { level in
            let previous = Character(UnicodeScalar(UInt8(96 + level))), name = Character(UnicodeScalar(UInt8(97 + level)))
            return "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }.joined()
        try add("billion-laughs.md", "---\ntitle: Laughs\n" + laughs + "---\nBody\n", .fails(":7: front matter: too many nodes"))

        // Where cmark-gfm is weak: each finishes or is refused at once.
        try add("wide-table.md", "|" + String(repeating: " a |", count: 40_000) + "\n|" + String(repeating: "---|", count: 40_000) + "\n",
                .fails(":1: a table row has more than 1000 columns"))
        try add("deep-quotes.md", "# Quotes\n\n" + String(repeating: "> ", count: 20_000) + "a\n", .publishes(slug: "deep-quotes"))
        try add("deep-lists.md", "# Lists\n\n" + (0..<600).map { String(repeating: "  ", count: $0) + "* a\n" }.joined(),
                .publishes(slug: "deep-lists"))
        try add("deep-emphasis.md", "# Emphasis\n\n" + String(repeating: "*a **a ", count: 5_000) + "b" + String(repeating: " a** a*", count: 5_000) + "\n",
                .publishes(slug: "deep-emphasis"))
        try add("deep-brackets.md", "# Brackets\n\n" + String(repeating: "[", count: 20_000) + "a" + String(repeating: "]", count: 20_000) + "\n",
                .publishes(slug: "deep-brackets"))
        try add("image-brackets.md", String(repeating: "![[]()", count: 160_000), .fails(":1: refused: links after too many unclosed ["))
        try add("autolink-parens.md", String(repeating: "www.a.com)", count: 30_000) + String(repeating: ")", count: 30_000),
                .fails(":1: refused: a web address ends in too many )"))

        // Paths out of the roots, every way.
        try add("paths.md", """
            ---
            title: Paths
            image: ../outside/secret.png
            ---
            ![a](../../../../etc/passwd) ![b](/etc/hostname) ![c](file:///etc/passwd) ![d](%2e%2e/%2e%2e/etc/passwd)
            ![e](../outside/secret.png) ![f](%2e%2e/outside/secret.png) ![g](\(outside)/secret.png) ![h](file://\(outside)/secret.png)
            ![i](link-file.png) ![j](link-folder/secret.png) ![k](../outside/secret.svg) ![l](/../outside/secret.png)

            [a](../../../../etc/passwd) [b](/etc/hostname) [c](file:///etc/passwd) [d](%2e%2e/%2e%2e/etc/passwd) [e](link-file.png)

            <img src="../outside/secret.png" alt="raw"> <img src="file://\(outside)/secret.png" alt="raw"> <img src="link-file.png" alt="raw">
            """, .publishes(slug: "paths"))
        try add("cover-outside.md", "---\ntitle: Cover\ncover:\n  image: \(outside)/secret.png\n---\nBody\n", .publishes(slug: "cover-outside"))
        try add("slug-up.md", "---\ntitle: Slug\nslug: ../x\n---\nBody\n", .publishes(slug: "x"))
        try add("permalink-up.md", "---\ntitle: Permalink\npermalink: /../../y\n---\nBody\n", .publishes(slug: "y"))

        // Markup and scripts where they do not belong.
        try add("markup-in-metadata.md", """
            ---
            title: "</title><script>alert(1)</script>"
            description: "\\"><img src=x onerror=alert(1)>"
            author: "</title><script>alert(1)</script>"
            ---
            Body
            """, .publishes(slug: "markup-in-metadata"))
        try add("script-links.md", """
            # Links

            [js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [tab](java&#9;script:alert(1)) [data](data:text/html,<script>alert(1)</script>)
            ![js](javascript:alert(1)) ![data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <javascript:alert(1)>

            [ref][r]

            [r]: javascript:alert(1)
            """, .publishes(slug: "script-links"))
        try add("raw-html.md", """
            # Raw

            <script>alert(1)</script>

            <iframe src="https://example.com/"></iframe>

            <p onclick="alert(1)">click</p> <img src="x.png" onerror="alert(1)" alt="x"> <a href="javascript:alert(1)" onmouseover="alert(1)">raw</a>

            <div><SCRIPT>alert(2)</SCRIPT><object data="x.swf"></object><embed src="x.swf"></div>

            <svg onload="alert(1)"><a href="javascript:alert(1)"><text>svg</text></a></svg>
            """, .publishes(slug: "raw-html"))
        try Data("""
            <?xml version="1.0"?>
            <!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y SYSTEM "file://\(outside)/secret.txt">]>
            <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;&y;</text></svg>

            """.utf8).write(to: URL(fileURLWithPath: folder + "/entity.svg"))
        let lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY lol0 \"lol\">\n" + (1...9).map { level in
            "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }.joined() + "]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&lol9;</text></svg>\n"
        try Data(lol.utf8).write(to: URL(fileURLWithPath: folder + "/laughs.svg"))
        try add("svg-entities.md", "# SVG\n\n![entity](entity.svg) ![laughs](laughs.svg)\n", .publishes(slug: "svg-entities"))

        // File names.
        try add("name with spaces.md", "# Spaces\n", .publishes(slug: "name-with-spaces"))
        try add("ünïcödé-日本.md", "# Unicode\n", .publishes(slug: "ünïcödé-日本"))
        try add("-leading-dash.md", "# Dash\n", .publishes(slug: "leading-dash"))
        try add(String(repeating: "l", count: 237) + ".md", "# Long\n", .publishes(slug: String(repeating: "l", count: 200)))
        try add("UPPER.MD", "# Upper\n", .publishes(slug: "UPPER"))
        try add("long-extension.markdown", "# Markdown\n", .publishes(slug: "long-extension"))
        // Control characters in a name: the error and log lines stay one line each.
        try add("new\nline.md", "# New line\n", .publishes(slug: "new-line"))
        try add("escape\u{1B}[31mred.md", Array("# Red\n".utf8) + [0xFF, 0x0A], .fails(":2: the file is not valid UTF-8"))

        try add("ordinary.md", "---\ntitle: Ordinary\ndate: 2026-11-30\n---\n\nStill published, [linked](https://example.com/).\n",
                .publishes(slug: "ordinary"))
        self.posts = posts
    }

    var published: [Post] { posts.filter { if case .publishes = $0.outcome { true } else { false } } }
    var failing: [Post] { posts.filter { if case .fails = $0.outcome { true } else { false } } }
}
