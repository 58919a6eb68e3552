import ArgumentParser
import Foundation
import QuireConvert

extension Quire {
    struct Book: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bundle several posts into one EPUB book.",
            discussion: """
                One chapter per post, ordered by date (posts without one last), with a \
                nested table of contents. Links between the bundled posts become links \
                inside the book. A post that cannot be read stops the book: nothing is \
                written.

                Examples:
                  quire book Watch/ -o posts.epub --title "A year of posts"
                  quire book 2024/*.md -o 2024.epub
                """
        )

        @Argument(help: ArgumentHelp("Posts or folders of posts.", valueName: "file|dir"))
        var inputs: [String]

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The book to write.", valueName: "book.epub"))
        var output: String

        @Option(help: "The book's title (default: the post's title for one post, else \"Collected posts\").")
        var title: String?

        @OptionGroup var flags: ConversionFlags

        func validate() throws {
            guard !inputs.contains("-") else { throw ValidationError("A book is made of files; '-' is not supported.") }
        }

        func run() throws {
            let paths = try PostFinder.posts(in: inputs)
            guard !paths.isEmpty else {
                Console.error("no posts found in \(inputs.joined(separator: ", "))")
                throw ExitCode(1)
            }
            var options = flags.options(formats: [.epub])
            if flags.assetRoots.isEmpty {
                options.assetRoots = Array(Set(paths.map(PostFinder.defaultAssetRoot(for:)))).sorted()
            }
            var posts: [Post] = []
            var failed = false
            for path in paths {
                do {
                    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                    posts.append(try PostReader.read(bytes: bytes, path: path,
                                                     options: MarkdownParser.Options(smartPunctuation: flags.smart),
                                                     limits: options.limits))
                } catch let error as ConversionError {
                    Console.error(error.description)
                    failed = true
                } catch {
                    Console.error(ConversionError(path: path, reason: .unreadable(error.localizedDescription)).description)
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
            let book: EPUBBuilder.Book
            do {
                book = try EPUBBuilder(options: options).build(posts, title: title)
            } catch {
                Console.error(error.description)
                throw ExitCode(1)
            }
            for warning in book.warnings { Console.warn(warning) }
            let folder = (output as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(book.bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        }
    }
}
