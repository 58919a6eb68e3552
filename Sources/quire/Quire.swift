import ArgumentParser

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Publish Markdown posts as a web page, an e-book and a newsletter.",
        discussion: """
            Posts are GitHub-flavoured Markdown with YAML (---), TOML (+++) or JSON \
            front matter, as Jekyll and Hugo write them.
            """,
        subcommands: [Convert.self, Build.self, Book.self, Check.self, Watch.self, Newsletter.self, Worker.self]
    )

    /// A worker's start is waited for by the build that needs it: its
    /// usual arguments skip the parser (see `Worker.quickArguments`).
    static func main() async {
        if let memory = Worker.quickArguments(Array(CommandLine.arguments.dropFirst())) {
            do {
                try Worker.serve(memory: memory)
                return
            } catch {
                exit(withError: error)
            }
        }
        await main(nil)
    }
}
