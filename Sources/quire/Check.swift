import ArgumentParser
import Foundation
import QuirePublish

extension Quire {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration and show what a build would do.",
            discussion: """
                Reports unknown keys, a missing source folder, targets that cannot be \
                written and a target inside the source, before anything is written. \
                Exits non-zero when there is a problem.

                Examples:
                  quire check
                  quire check --config /etc/quire/quire.yaml
                """
        )

        @Option(help: ArgumentHelp("The configuration file (default: ./quire.yaml, else built-in).", valueName: "file"))
        var config: String?

        func run() async throws {
            let config = try ConfigLoader.load(config)
            print("configuration: \(config.file.map(Paths.display) ?? "built-in default")")
            print("source: \(Paths.display(config.source))")
            if config.assets != [config.source] {
                print("assets: \(config.assets.map(Paths.display).joined(separator: ", "))")
            }
            if let templates = config.templates { print("templates: \(Paths.display(templates))") }
            for target in config.targets { print("target: \(target)") }
            print("state: \(Paths.display(config.state))\(config.drafts ? ", drafts published" : "")")
            let problems = config.problems()
            if problems.isEmpty {
                let preview = await Publisher(config: config).preview()
                if let note = preview.manifestNote { print("note: \(note)") }
                print("would build \(preview.build.count), unchanged \(preview.unchanged), remove \(preview.remove.count)")
                for post in preview.build { print("  build \(post)") }
                for post in preview.remove { print("  remove \(post)") }
                return
            }
            for problem in problems { Console.error(problem.description) }
            throw ExitCode(1)
        }
    }
}
