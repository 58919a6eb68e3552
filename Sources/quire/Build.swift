import ArgumentParser
import Foundation
import QuirePublish

extension Quire {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the source folder into every target, once.",
            discussion: """
                Converts what changed since the last build (all cores), writes every \
                file atomically, and takes down the outputs of deleted posts and drafts. \
                Reads quire.yaml in the working directory, or the file --config names; \
                without either, publishes Watch/ into Output/html, Output/epub and \
                Output/newsletter. A progress bar on a terminal, plain log lines otherwise \
                (and with --quiet); the last line is the summary. Exit status 1 when \
                anything failed (one line per failure, naming the file), 2 when the \
                configuration cannot be used.

                Examples:
                  quire build
                  quire build --config /etc/quire/quire.yaml --quiet
                  quire build --clean
                """
        )

        @Option(help: ArgumentHelp("The configuration file (default: ./quire.yaml, else built-in).", valueName: "file"))
        var config: String?

        @Flag(help: "Rebuild every post, changed or not.")
        var clean = false

        @Flag(help: "No progress bar: plain log lines, as when the output is not a terminal.")
        var quiet = false

        @Flag(help: "Convert in this process, without worker processes or budgets (for debugging).")
        var inProcess = false

        func run() async throws {
            let config = try ConfigLoader.load(config)
            let structural = config.structuralProblems()
            guard structural.isEmpty else {
                for problem in structural { Console.error(problem.description) }
                throw ExitCode(2)
            }
            let progress = BuildProgress(bar: !quiet && isatty(2) != 0)
            // Each post converts in a supervised worker under the configured
            // budget, so a hostile post costs only itself.
            let pool = inProcess ? nil : WorkerPool(budget: config.limits.budget)
            let publisher = Publisher(config: config, converter: pool ?? InProcessConverter(),
                                      events: { progress.handle($0) })
            let summary = await publisher.sync(clean: clean)
            await pool?.shutdown()
            progress.finish()
            print(summary.description)
            if !summary.succeeded { throw ExitCode(1) }
        }
    }
}
