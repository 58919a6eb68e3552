import ArgumentParser
import Foundation
import QuireConvert

extension Quire {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert posts once, into a folder.",
            discussion: """
                Writes <slug>.html, <slug>.epub and <slug>.txt for each post. A folder \
                converts every .md and .markdown file below it. With '-' the post is read \
                from standard input and the one format asked for goes to standard output.

                Examples:
                  quire convert post.md
                  quire convert Watch/ --to html,epub,text -o Output/
                  cat post.md | quire convert - --to html > post.html
                """
        )

        @Argument(help: ArgumentHelp("Posts or folders of posts; '-' for standard input.", valueName: "file|dir"))
        var inputs: [String]

        @Option(name: .customLong("to"), help: ArgumentHelp("Formats, comma-separated: html, epub, text.", valueName: "formats"))
        var formatList = "html"

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The folder to write into.", valueName: "dir"))
        var outputDirectory = "."

        @OptionGroup var flags: ConversionFlags

        var formats: Set<OutputFormat> {
            Set(formatList.split(separator: ",").compactMap { OutputFormat(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
        }

        func validate() throws {
            for name in formatList.split(separator: ",") where OutputFormat(rawValue: name.trimmingCharacters(in: .whitespaces)) == nil {
                throw ValidationError("Unknown format '\(name)'. Use html, epub or text.")
            }
            if inputs.contains("-") {
                guard inputs.count == 1 else { throw ValidationError("'-' reads one post from standard input; give it alone.") }
                guard formats.count == 1 else { throw ValidationError("With '-', name exactly one format with --to.") }
            }
        }

        func run() throws {
            if inputs == ["-"] { return try convertStandardInput() }
            let posts = try PostFinder.posts(in: inputs)
            var failed = 0
            let converter = Converter(options: flags.options(formats: formats))
            if let problem = converter.templateError {
                Console.error(problem.description)
                throw ExitCode(1)
            }
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            for path in posts {
                var converter = converter
                if flags.assetRoots.isEmpty { converter.options.assetRoots = [PostFinder.defaultAssetRoot(for: path)] }
                let conversion: Conversion
                do {
                    conversion = try converter.convert(file: path)
                } catch {
                    Console.error(error.description)
                    failed += 1
                    continue
                }
                for warning in conversion.warnings { Console.warn(warning) }
                for (format, bytes) in conversion.outputs.sorted(by: { $0.key < $1.key }) {
                    let target = (outputDirectory as NSString).appendingPathComponent("\(conversion.post.slug).\(format.fileExtension)")
                    try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
                }
                if formats.contains(.html) {
                    for warning in ImageCopier.copy(conversion.images, into: outputDirectory, for: path) { Console.warn(warning) }
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }

        private func convertStandardInput() throws {
            let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            var converter = Converter(options: flags.options(formats: formats))
            if flags.assetRoots.isEmpty { converter.options.assetRoots = [FileManager.default.currentDirectoryPath] }
            if let problem = converter.templateError {
                Console.error(problem.description)
                throw ExitCode(1)
            }
            do {
                let conversion = try converter.convert(bytes: bytes, path: "<stdin>")
                for warning in conversion.warnings { Console.warn(warning) }
                for bytes in conversion.outputs.values { FileHandle.standardOutput.write(Data(bytes)) }
            } catch {
                Console.error(error.description)
                throw ExitCode(1)
            }
        }
    }
}
