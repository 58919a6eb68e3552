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
}
