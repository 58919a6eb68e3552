import ArgumentParser
import Foundation
import QuireConvert
import QuirePublish

extension Quire {
    struct Convert: AsyncParsableCommand {
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

        @OptionGroup(title: "Limits") var workers: WorkerFlags

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

        func run() async throws {
            if let problem = Converter(options: flags.options(formats: formats)).templateError {
                Console.error(problem.description)
                throw ExitCode(1)
            }
            let converting = converter()
            let failed: Bool
            do {
                failed = inputs == ["-"] ? try await convertStandardInput(with: converting) : try await convertFiles(with: converting)
            } catch {
                await converting.shutdown()
                throw error
            }
            await converting.shutdown()
            if failed { throw ExitCode(1) }
        }

        /// True when a post failed.
        private func convertFiles(with converting: ConversionService) async throws -> Bool {
            let posts = try PostFinder.posts(in: inputs)
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            // Each post's lines are printed in the order of the posts, as soon
            // as the posts before it are done, however the workers finish; at
            // most a few posts are in flight at once.
            // Outputs are written here too, in the order of the posts, so two
            // posts with one slug are a clear error for the later one, the
            // same on every run, never one page silently written over another.
            var results = [Result<Conversion, ConversionError>?](repeating: nil, count: posts.count)
            var printed = 0
            var failed = 0
            var written: [String: String] = [:]   // slug -> the post that has it
            let window = 2 * converting.parallelism
            func finish(_ index: Int, _ result: Result<Conversion, ConversionError>) throws -> [String] {
                let path = posts[index]
                switch result {
                case let .failure(error):
                    failed += 1
                    return ["error: \(error.description)"]
                case let .success(conversion):
                    let slug = conversion.post.slug
                    if let other = written[slug] {
                        failed += 1
                        let names = conversion.outputs.keys.sorted().map { "\(slug).\($0.fileExtension)" }.joined(separator: ", ")
                        return ["error: \(path): \(names) would overwrite the output of \(other) (the same slug); not written"]
                    }
                    written[slug] = path
                    for (format, bytes) in conversion.outputs.sorted(by: { $0.key < $1.key }) {
                        let target = (outputDirectory as NSString).appendingPathComponent("\(slug).\(format.fileExtension)")
                        try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
                    }
                    var warnings = conversion.warnings
                    if formats.contains(.html) {
                        warnings += ImageCopier.copy(conversion.images, into: outputDirectory, for: path)
                    }
                    return warnings.map { "warning: \($0)" }
                }
            }
            try await withThrowingTaskGroup(of: (Int, Result<Conversion, ConversionError>).self) { group in
                var next = 0
                func start() {
                    guard next < posts.count else { return }
                    let index = next
                    next += 1
                    let path = posts[index]
                    var options = flags.options(formats: formats)
                    if flags.assetRoots.isEmpty { options.assetRoots = [PostFinder.defaultAssetRoot(for: path)] }
                    group.addTask {
                        do {
                            return (index, .success(try await converting.convert(bytes: nil, path: path, options: options)))
                        } catch let error as ConversionError {
                            return (index, .failure(error))
                        }
                    }
                }
                for _ in 0..<window { start() }
                while let (index, result) = try await group.next() {
                    results[index] = result
                    while printed < posts.count, let done = results[printed] {
                        results[printed] = nil
                        for line in try finish(printed, done) { Console.line(line) }
                        printed += 1
                    }
                    start()
                }
            }
            return failed > 0
        }

        /// Worker processes under the budget, or this process with `--in-process`.
        private func converter() -> ConversionService {
            if workers.inProcess { return .inProcess }
            return .pool(WorkerPool(budget: workers.budget, size: workers.parallelism))
        }

        private func convertStandardInput(with converting: ConversionService) async throws -> Bool {
            let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            var options = flags.options(formats: formats)
            if flags.assetRoots.isEmpty { options.assetRoots = [FileManager.default.currentDirectoryPath] }
            do {
                let conversion = try await converting.convert(bytes: bytes, path: "<stdin>", options: options)
                for warning in conversion.warnings { Console.warn(warning) }
                for bytes in conversion.outputs.values { FileHandle.standardOutput.write(Data(bytes)) }
                return false
            } catch {
                Console.error(error.description)
                return true
            }
        }
    }
}
