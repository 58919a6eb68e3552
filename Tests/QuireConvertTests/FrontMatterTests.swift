import Foundation
import Testing
@testable import QuireConvert

@Suite struct FrontMatterTests {
    // MARK: Splitting

    @Test func yamlBetweenDashes() throws {
        let split = try FrontMatter.split("---\ntitle: A\n---\n# Body\n", path: "p.md")
        #expect(split.format == .yaml)
        #expect(split.text == "title: A\n")
        #expect(split.firstLine == 2)
        #expect(split.body == "# Body\n")
        #expect(split.bodyFirstLine == 4)
    }

    @Test func yamlClosedByDots() throws {
        let split = try FrontMatter.split("---\ntitle: A\n...\nBody", path: "p.md")
        #expect(split.format == .yaml)
        #expect(split.body == "Body")
    }

    @Test func tomlBetweenPluses() throws {
        let split = try FrontMatter.split("+++\ntitle = \"A\"\n+++\nBody\n", path: "p.md")
        #expect(split.format == .toml)
        #expect(split.text == "title = \"A\"\n")
        #expect(split.bodyFirstLine == 4)
    }

    @Test func leadingJSONObjectWithBracesInStrings() throws {
        let text = "{\n  \"title\": \"a } brace and \\\" quote {\",\n  \"tags\": [\"x\"]\n}\nBody {not json}\n"
        let split = try FrontMatter.split(text, path: "p.md")
        #expect(split.format == .json)
        #expect(split.text.hasSuffix("]\n}"))
        #expect(split.body == "Body {not json}\n")
        #expect(split.bodyFirstLine == 5)
    }

    @Test func liquidAndShortcodesAreNotJSON() throws {
        #expect(try FrontMatter.split("{% raw %}x{% endraw %}\n", path: "p.md").format == nil)
        #expect(try FrontMatter.split("{{< figure src=\"a.png\" >}}\n", path: "p.md").format == nil)
    }

    @Test func noFrontMatter() throws {
        let split = try FrontMatter.split("# Title\n\n---\n", path: "p.md")
        #expect(split.format == nil)
        #expect(split.body == "# Title\n\n---\n")
        #expect(split.bodyFirstLine == 1)
    }

    @Test func unclosedFencesAreErrorsOnLineOne() {
        for (text, fence) in [("---\ntitle: A\nBody\n", "---"), ("+++\ntitle = 1\n", "+++")] {
            #expect(throws: ConversionError.self) { try FrontMatter.split(text, path: "p.md") }
            let error = readError(text)
            #expect(error?.line == 1)
            #expect(error?.description.contains("never closed by a \(fence) line") == true)
        }
        #expect(readError("{\"title\": \"x\"\nBody")?.line == 1)
    }

    // MARK: YAML values

    @Test func yamlScalarsListsMappingsAndDates() throws {
        let post = try readPost("""
            ---
            title: Hello
            count: 3
            ratio: 1.5
            flag: true
            nothing: ~
            when: 2016-12-25
            stamp: 2016-12-25T12:00:00.000Z
            list: [a, b]
            nested: {x: 1, y: [true]}
            shouting: Yes
            ---
            Body
            """)
        let values = post.frontMatter
        #expect(values["count"] == .integer(3))
        #expect(values["ratio"] == .double(1.5))
        #expect(values["flag"] == .bool(true))
        #expect(values["nothing"] == .null)
        #expect(values["when"] == .date(utc(2016, 12, 25)))
        #expect(values["stamp"] == .date(utc(2016, 12, 25, 12)))
        #expect(values["list"] == .array([.string("a"), .string("b")]))
        #expect(values["nested"] == .table(["x": .integer(1), "y": .array([.bool(true)])]))
        // YAML 1.2 booleans: a title of "Yes" stays text.
        #expect(values["shouting"] == .string("Yes"))
    }

    @Test func yamlAliasesAndMergeKeysResolve() throws {
        let post = try readPost("""
            ---
            base: &base {layout: post, lang: fr}
            copy: *base
            merged:
              <<: *base
              lang: de
            list: &l [one, two]
            again: [*l, *l]
            sum: 3 * 4 and *stars*
            quoted: "*a and *b"
            block: |
              *a
            ---
            Body
            """)
        let values = post.frontMatter
        let base = FrontMatterValue.table(["layout": .string("post"), "lang": .string("fr")])
        #expect(values["copy"] == base)
        #expect(values["merged"] == .table(["layout": .string("post"), "lang": .string("de")]))
        let list = FrontMatterValue.array([.string("one"), .string("two")])
        #expect(values["again"] == .array([list, list]))
        // A `*` inside text is text, not an alias.
        #expect(values["sum"] == .string("3 * 4 and *stars*"))
        #expect(values["quoted"] == .string("*a and *b"))
        #expect(values["block"] == .string("*a\n"))
    }

    @Test func undefinedAliasNamesItsLine() {
        let error = readError("---\ntitle: A\nx: *nowhere\n---\nBody\n")
        #expect(error?.line == 3)
        #expect(error?.description.contains("*nowhere") == true)
    }

    /// The classic: nine levels of nine aliases, a billion "lol"s once
    /// expanded, also used as a mapping key (which makes Yams hash it).
    static let billionLaughs = """
        ---
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        ? *i
        : key
        ---
        Body
        """

    @Test func billionLaughsIsRejectedFast() {
        let start = ContinuousClock.now
        let error = readError(Self.billionLaughs)
        let elapsed = ContinuousClock.now - start
        #expect(error?.reason == .frontMatter("too many nodes (aliases expand past 10000)"))
        // Level e (9^4 * 9 + … nodes) is where the count passes 10,000.
        #expect(error?.line == 6)
        #expect(elapsed < .seconds(2), "took \(elapsed)")  // minutes without the node budget
    }

    @Test func aliasedKeyAloneIsRejectedFast() {
        // Only the key uses the big node: without the rewrite, Yams would
        // hash a billion nodes while checking for duplicate keys.
        let text = Self.billionLaughs.replacingOccurrences(of: "i: &i", with: "? &i")
            .replacingOccurrences(of: "h: &h", with: "hh: &h")
        let start = ContinuousClock.now
        let error = readError(text)
        #expect(error != nil)
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func nodeBudgetIsConfigurable() {
        let text = "---\na: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a]\n---\nBody\n"
        #expect(readError(text) == nil)
        let error = readError(text, limits: Limits(maximumFrontMatterNodes: 30))
        #expect(error?.line == 3)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let error = readError("---\nx: \(deep)\n---\nBody\n")
        #expect(error?.line == 2)
        #expect(error?.description.contains("nested deeper") == true)
        let deeper = String(repeating: "[", count: 5000)
        #expect(readError("---\nx: \(deeper)\n---\nBody\n") != nil)
    }

    @Test(arguments: [100, 10_000, 200_000])
    func deepJSONAndTOMLAreErrorsNotCrashes(depth: Int) {
        let open = String(repeating: "[", count: depth), close = String(repeating: "]", count: depth)
        #expect(readError("{\"x\": \(open)\(close)}\nBody\n")?.reason != nil)
        #expect(readError("+++\nx = \(open)\(close)\n+++\nBody\n")?.reason != nil)
        #expect(readError("---\nx: \(open)\(close)\n---\nBody\n")?.reason != nil)
    }

    @Test func yamlErrorsCarryTheFileLine() {
        // The bad line is the file's line 4, the front matter's line 3.
        let error = readError("---\ntitle: A\ndescription: fine\n  bad: : indent\n---\nBody\n")
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("posts/post.md:4: front matter: YAML: ") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func duplicateYAMLKeysAreAnError() {
        let error = readError("---\ntitle: A\ntitle: B\n---\nBody\n")
        #expect(error?.description.contains("duplicate key title") == true)
        #expect(error?.line == 2)
    }

    @Test func yamlThatIsNotAMappingIsAnError() {
        #expect(readError("---\n- a\n- b\n---\nBody\n")?.line == 2)
        #expect(readError("---\njust text\n---\nBody\n") != nil)
    }

    @Test func emptyFrontMatterIsFine() throws {
        #expect(try readPost("---\n---\n# T\n").title == "T")
        #expect(try readPost("---\n# only a comment\n---\n# T\n").frontMatter.isEmpty)
    }

    // MARK: TOML

    @Test func tomlValuesAndDates() throws {
        let post = try readPost("""
            +++
            title = "TOML post"
            date = 2016-12-25T12:00:00+05:30
            lastmod = 2017-01-02
            local = 2016-12-25T08:00:00
            draft = true
            tags = ["a", "b"]
            weight = 2
            ratio = 0.5
            [cover]
            image = "/img/c.png"
            +++
            Body
            """)
        #expect(post.title == "TOML post")
        #expect(post.date == utc(2016, 12, 25, 12, offsetMinutes: 330))
        #expect(post.lastModified == utc(2017, 1, 2))
        #expect(post.frontMatter["local"] == .date(utc(2016, 12, 25, 8)))
        #expect(post.draft)
        #expect(post.tags == ["a", "b"])
        #expect(post.frontMatter["weight"] == .integer(2))
        #expect(post.frontMatter["ratio"] == .double(0.5))
        #expect(post.image == "/img/c.png")
    }

    @Test func listItemsWithSpacesStayWhole() throws {
        let post = try readPost("{\"tags\": [\"cà phê\", \"tea\"], \"categories\": \"a b\"}\nBody\n")
        #expect(post.tags == ["cà phê", "tea"])
        #expect(post.categories == ["a", "b"])
    }

    @Test func tomlErrorsCarryTheFileLine() {
        let error = readError("+++\ntitle = \"A\"\nthis is not toml\n+++\nBody\n")
        #expect(error?.line == 3)
        #expect(error?.description.contains("front matter: TOML: ") == true)
    }

    // MARK: JSON

    @Test func jsonValuesKeepBooleansAndNumbersApart() throws {
        let post = try readPost("""
            {
              "title": "JSON post",
              "draft": false,
              "one": 1,
              "zero": 0,
              "yes": true,
              "ratio": 2.5,
              "date": "2016-12-25T12:00:00.000Z",
              "categories": ["x", "y"],
              "nothing": null
            }
            Body
            """)
        #expect(post.title == "JSON post")
        #expect(post.frontMatter["one"] == .integer(1))
        #expect(post.frontMatter["zero"] == .integer(0))
        #expect(post.frontMatter["yes"] == .bool(true))
        #expect(post.frontMatter["draft"] == .bool(false))
        #expect(post.frontMatter["ratio"] == .double(2.5))
        #expect(post.frontMatter["nothing"] == .null)
        #expect(post.date == utc(2016, 12, 25, 12))
        #expect(post.categories == ["x", "y"])
    }

    @Test func jsonErrorsCarryALine() {
        let error = readError("{\n  \"title\": \"A\",\n  \"x\": nope\n}\nBody\n")
        #expect(error?.line == 3)
        #expect(error?.description.contains("front matter: JSON: ") == true)
    }
}
