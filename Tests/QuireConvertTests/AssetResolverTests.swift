import Foundation
import Testing
@testable import QuireConvert

/// A site laid out as Jekyll has it, with files outside it that must never
/// be reached:
///
///     site/assets/img/a.png        an asset root
///     site/posts/post.md           the post
///     site/posts/images/b.png, "b c.png", .secret/c.png, dir.png/
///     site/posts/link-out.png  ->  ../../outside/secret.png
///     site/posts/link-in.png   ->  ../assets/img/a.png
///     site/assets/escape       ->  ../../outside
///     site/posts/link-hidden.png -> .secret/c.png
///     outside/secret.png
@Suite struct AssetResolverTests {
    let folder: TemporaryFolder
    let resolver: AssetResolver
    var site: String { folder.path + "/site" }

    init() throws {
        folder = try TemporaryFolder()
        for file in ["site/assets/img/a.png", "site/posts/images/b.png", "site/posts/images/b c.png",
                     "site/posts/.secret/c.png", "outside/secret.png", "site/posts/ảnh.png"] {
            try folder.write(file, "PNG \(file)")
        }
        try folder.write("site/posts/post.md", "# Post\n")
        try folder.makeFolder("site/posts/dir.png")
        try folder.symlink("site/posts/link-out.png", to: "../../outside/secret.png")
        try folder.symlink("site/posts/link-in.png", to: "../assets/img/a.png")
        try folder.symlink("site/assets/escape", to: "../../outside")
        try folder.symlink("site/posts/link-hidden.png", to: ".secret/c.png")
        resolver = AssetResolver(postPath: folder.path + "/site/posts/post.md", assetRoots: [folder.path + "/site"])
    }

    func local(_ reference: String) -> LocalImage? {
        if case let .local(image) = resolver.resolve(reference) { return image }
        return nil
    }

    func isRefused(_ reference: String) -> Bool {
        if case .refused = resolver.resolve(reference) { return true }
        return false
    }

    @Test func relativePathsResolveAgainstThePostsFolder() {
        #expect(local("images/b.png") == LocalImage(reference: "images/b.png", file: site + "/posts/images/b.png", publishedPath: "images/b.png"))
        #expect(local("./images/../images/b.png")?.publishedPath == "images/b.png")
        #expect(local("images/b.png?v=2#top")?.publishedPath == "images/b.png")
        #expect(local("images/b%20c.png")?.publishedPath == "images/b c.png")
        #expect(local("%E1%BA%A3nh.png")?.publishedPath == "ảnh.png")
    }

    @Test func sitePathsResolveInTheAssetRoots() {
        #expect(local("/assets/img/a.png") == LocalImage(reference: "/assets/img/a.png", file: site + "/assets/img/a.png", publishedPath: "assets/img/a.png"))
        #expect(local("../assets/img/a.png")?.publishedPath == "assets/img/a.png", "outside the post's folder but inside a root")
        #expect(local(site + "/assets/img/a.png")?.publishedPath == "assets/img/a.png", "a file path inside a root")
        #expect(local("link-in.png")?.file == site + "/assets/img/a.png", "a symlink that stays inside is followed")
    }

    @Test func theFirstRootThatHasTheFileWins() throws {
        try folder.write("second/assets/img/a.png", "second")
        try folder.write("second/assets/only-here.png", "second")
        let resolver = AssetResolver(postPath: site + "/posts/post.md", assetRoots: [site, folder.path + "/second"])
        guard case let .local(first) = resolver.resolve("/assets/img/a.png"),
              case let .local(second) = resolver.resolve("/assets/only-here.png") else {
            Issue.record("both should resolve")
            return
        }
        #expect(first.file == site + "/assets/img/a.png")
        #expect(second.file == folder.path + "/second/assets/only-here.png")
    }

    @Test(arguments: [
        "../../../../etc/passwd",
        "../../../../../../../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E/%2e%2E/outside/secret.png",
        "..%2f..%2foutside/secret.png",
        "../../outside/secret.png",
        "/../outside/secret.png",
        "/assets/../../outside/secret.png",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file:images/b.png",
        "link-out.png",
        "/assets/escape/secret.png",
        "../assets/escape/secret.png",
        ".secret/c.png",
        "link-hidden.png",
        "images/%00.png",
        "images/%zz.png",
        "dir.png",
    ])
    func hostilePathsAreRefused(_ reference: String) {
        let result = resolver.resolve(reference)
        guard case let .refused(warning) = result else {
            Issue.record("\(reference) gave \(result)")
            return
        }
        #expect(warning.hasPrefix(site + "/posts/post.md: image refused, "))
        #expect(warning.hasSuffix(reference))
        #expect(!warning.contains("\n"))
    }

    @Test func absoluteSystemPathsAreOnlySitePaths() {
        // /etc/hostname exists, but as a site path it means site/etc/hostname.
        #expect(resolver.resolve("/etc/hostname") == .missing(warning: site + "/posts/post.md: image not found: /etc/hostname"))
        #expect(resolver.resolve("/etc/passwd") == .missing(warning: site + "/posts/post.md: image not found: /etc/passwd"))
    }

    @Test func addressesAreLeftAlone() {
        for reference in ["https://example.com/a.png", "http://example.com/a.png", "//cdn.example.com/a.png",
                          "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "", "#anchor"] {
            #expect(resolver.resolve(reference) == .external, "\(reference)")
        }
    }

    @Test func missingImagesAreAWarningNamingPostAndPath() {
        #expect(resolver.resolve("images/nope.png") == .missing(warning: site + "/posts/post.md: image not found: images/nope.png"))
        #expect(resolver.resolve("/assets/nope.png") == .missing(warning: site + "/posts/post.md: image not found: /assets/nope.png"))
        let noRoots = AssetResolver(postPath: "a.md", assetRoots: [], currentDirectory: site + "/posts")
        #expect(noRoots.resolve("/assets/img/a.png") == .missing(warning: "a.md: image not found: /assets/img/a.png (no asset roots are set)"))
        #expect(noRoots.resolve("images/b.png") != .missing(warning: ""), "a relative post path resolves in the current folder")
        #expect(resolver.resolve("images/\u{1B}[31mred\n.png") == .missing(warning: site + "/posts/post.md: image not found: images/?[31mred?.png"))
    }

    @Test func standardInputUsesTheCurrentFolder() {
        let stdin = AssetResolver(postPath: "<stdin>", assetRoots: [site], currentDirectory: site + "/posts")
        guard case let .local(image) = stdin.resolve("images/b.png") else {
            Issue.record("not resolved")
            return
        }
        #expect(image.file == site + "/posts/images/b.png")
    }

    /// The whole conversion: the hostile references give warnings, the good
    /// ones images, and no image points outside the allowed folders.
    @Test func converterFillsImagesAndWarnings() throws {
        let markdown = """
            ![ok](images/b.png) ![ok too](/assets/img/a.png) ![twice](images/b.png)
            ![x](../../../../etc/passwd) ![y](file:///etc/passwd) ![z](%2e%2e/%2e%2e/outside/secret.png)
            ![w](link-out.png) ![gone](images/gone.png) ![remote](https://example.com/r.png)

            | table |
            |---|
            | ![in a table](images/b%20c.png) |

            Note[^1].

            [^1]: ![in a footnote](link-in.png)
            """
        var options = ConversionOptions()
        options.assetRoots = [site]
        let conversion = try Converter(options: options).convert(bytes: Array(markdown.utf8), path: site + "/posts/post.md")
        #expect(conversion.images.map(\.publishedPath) == ["images/b.png", "assets/img/a.png", "images/b c.png", "link-in.png"])
        #expect(conversion.images.allSatisfy { $0.file.hasPrefix(site + "/") })
        #expect(conversion.warnings.count == 5)
        #expect(conversion.warnings.allSatisfy { $0.hasPrefix(site + "/posts/post.md: image ") })
        let page = String(decoding: conversion.outputs[.html]!, as: UTF8.self)
        #expect(page.contains("<img src=\"images/b.png\" alt=\"ok\">"))
        #expect(page.contains("<img src=\"assets/img/a.png\" alt=\"ok too\">"))
        #expect(page.contains("<img src=\"images/b%20c.png\" alt=\"in a table\">"))
        #expect(page.contains("<img src=\"images/gone.png\" alt=\"gone\">"), "a missing image keeps its reference and alt text")
        #expect(page.contains("<img src=\"about:invalid\" alt=\"y\">"))
        #expect(!page.contains("PNG outside"))
    }
}
