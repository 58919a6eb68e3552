import Foundation
import Mustache

/// Renders a post as a complete HTML5 page: the body from `HTMLRenderer`,
/// put into a Mustache template.
///
/// The templates are parsed once, when the renderer is made; a `Converter`
/// keeps one for as long as its template folder stays the same.
public struct PageRenderer: Sendable {
    /// Parsed templates by file name without `.mustache`; the others in the
    /// folder serve as partials (`{{> header}}`).
    private let library: MustacheLibrary
    private let names: Set<String>
    /// `page` is the built-in page (no template folder, or one without a
    /// `page.mustache`): rendered by `PageProgram.builtin`.
    private let pageIsBuiltin: Bool

    /// The built-in page, parsed once per process.
    public static let builtin = PageRenderer(library: builtinLibrary, names: ["page"], pageIsBuiltin: true)

    private static let builtinLibrary: MustacheLibrary = {
        // The built-in template is a literal in this file's module: a parse
        // error is a bug that every test would show.
        let template = try! MustacheTemplate(string: TemplateEscaping.prepare(BuiltinPage.template))
        return MustacheLibrary(templates: ["page": template])
    }()

    private init(library: MustacheLibrary, names: Set<String>, pageIsBuiltin: Bool) {
        self.library = library
        self.names = names
        self.pageIsBuiltin = pageIsBuiltin
    }

    /// The built-in page, or the templates of `templateDirectory`:
    /// `page.mustache` for every post (the built-in page when it is absent),
    /// `NAME.mustache` for a post whose front matter says `layout: NAME`.
    public init(templateDirectory: String?) throws(TemplateError) {
        guard let directory = templateDirectory else {
            self = .builtin
            return
        }
        var templates = try Self.loadTemplates(in: directory)
        let pageIsBuiltin = templates["page"] == nil
        if pageIsBuiltin { templates["page"] = Self.builtinLibrary.getTemplate(named: "page") }
        self.init(library: MustacheLibrary(templates: templates), names: Set(templates.keys), pageIsBuiltin: pageIsBuiltin)
    }

    /// The page of `post`. `imageSources` maps an image reference as the
    /// writer wrote it to the address the page should use instead.
    public func render(_ post: Post, imageSources: [String: String] = [:], options: ConversionOptions) -> String {
        String(decoding: renderBytes(post, imageSources: imageSources, options: options), as: UTF8.self)
    }

    /// `render`'s UTF-8 bytes. The built-in page is filled in by its
    /// `PageProgram` (the same bytes as Mustache's, without the dictionary);
    /// a template of the writer's goes through Mustache.
    public func renderBytes(_ post: Post, imageSources: [String: String] = [:], options: ConversionOptions) -> [UInt8] {
        let name = templateName(for: post.layout)
        let page = Self.pageValues(for: post, imageSources: imageSources, options: options)
        if name == "page", pageIsBuiltin, let program = PageProgram.builtin {
            return program.render(page)
        }
        return Array(renderThroughMustache(page, frontMatter: post.frontMatter, template: name).utf8)
    }

    /// The page through Mustache whatever the template: the general form the
    /// built-in page's program must equal.
    func renderThroughMustache(_ post: Post, imageSources: [String: String] = [:], options: ConversionOptions) -> String {
        renderThroughMustache(Self.pageValues(for: post, imageSources: imageSources, options: options),
                              frontMatter: post.frontMatter, template: templateName(for: post.layout))
    }

    private func renderThroughMustache(_ page: PageValues, frontMatter: [String: FrontMatterValue], template: String) -> String {
        library.render(Self.values(for: page, frontMatter: frontMatter), withTemplate: template) ?? ""
    }

    static func pageValues(for post: Post, imageSources: [String: String], options: ConversionOptions) -> PageValues {
        var bodyOptions = HTMLRenderer.Options(
            safe: options.safe, tocDepth: options.tocDepth,
            forceTableOfContents: options.forceTableOfContents || post.tableOfContents)
        bodyOptions.imageSources = imageSources
        var document = post.document
        let titleID = takeTitleHeading(from: &document, title: post.title)
        var body = HTMLRenderer.render(document, options: bodyOptions)
        if body.endsWithLineFeed { body.removeLast() }
        return PageValues(post: post, body: body, titleId: titleID, imageSources: imageSources, options: options)
    }

    /// A body that opens with a level-1 heading saying the title (the usual
    /// Markdown habit) would show the title twice: the heading is taken out
    /// and the page's own title gets its id, so links to it still work.
    private static func takeTitleHeading(from document: inout Document, title: String) -> String? {
        guard case let .heading(1, id, content)? = document.blocks.first,
              content.plainText.trimmingWhitespaceAndNewlines() == title.trimmingWhitespaceAndNewlines(),
              !content.contains(where: { if case .footnoteReference = $0 { return true } else { return false } })
        else { return nil }
        document.blocks.removeFirst()
        return id
    }

    /// Only names that were loaded from the folder can be chosen, so a
    /// layout such as `../../x` never reaches the file system.
    private func templateName(for layout: String?) -> String {
        if let layout, names.contains(layout) { return layout }
        return "page"
    }

    private static func loadTemplates(in directory: String) throws(TemplateError) -> [String: MustacheTemplate] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(path: directory, message: "no such template folder")
        }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw TemplateError(path: directory, message: "cannot list the template folder")
        }
        var templates: [String: MustacheTemplate] = [:]
        for file in files.sorted() where file.hasSuffix(".mustache") && !file.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(path: path, message: "cannot read the template")
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                throw TemplateError(path: path, message: "the template is not valid UTF-8")
            }
            do {
                templates[String(file.dropLast(".mustache".count))] =
                    try MustacheTemplate(string: TemplateEscaping.prepare(text))
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(path: path, line: max(1, error.context.lineNumber - TemplateEscaping.addedLines), message: Self.describe(error.error))
            } catch {
                throw TemplateError(path: path, message: "not a valid Mustache template")
            }
        }
        return templates
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "not a valid Mustache template" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed"
        case .expectedSectionEnd: return "a section is not closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inherited section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: return "an inherited partial holds more than block definitions"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a {{% pragma }} is not understood"
        }
    }
}
