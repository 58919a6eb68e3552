import Testing
@testable import QuirePublish

@Suite("Paths")
struct PathsTests {
    @Test("a path's components stay inside its folder, escapes decoded", arguments: [
        ("a/b", ["a", "b"]), ("a/./b//c/", ["a", "b", "c"]), ("a/../b", ["b"]),
        ("caf%C3%A9/x", ["café", "x"]), ("100%25/x", ["100%", "x"]), ("bad%zz", ["bad%zz"]),
    ] as [(String, [String])])
    func contained(path: String, expected: [String]) {
        #expect(Paths.containedComponents(path) == expected)
    }

    @Test("a path that leaves its folder, or names what no file system takes, has none", arguments: [
        "../x", "a/../../x", "%2e%2e/x", "a%2Fb", "a/%00", "%2F%CC%81", String(repeating: "n", count: 256),
    ])
    func refused(path: String) {
        #expect(Paths.containedComponents(path) == nil)
    }
}
