import ArgumentParser
import Foundation
import QuireConvert
import QuirePublish

extension Quire {
    struct Newsletter: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a newsletter issue from posts: text, HTML and a message ready to send.",
            discussion: """
                Writes issue-YYYY-MM-DD.txt, issue-YYYY-MM-DD.html (e-mail-safe: inline \
                styles, no scripts, images by absolute URL) and issue-YYYY-MM-DD.eml, a \
                complete message (multipart/alternative, UTF-8, quoted-printable) that \
                'sendmail -t < issue-….eml' sends as it is. Posts go newest first; drafts \
                are left out. Without --since, --last or --unsent every post given is in \
                the issue. With --unsent, the posts that went out are recorded in the \
                state file (keyed by permalink, else slug) and left out next time; when \
                nothing is new, nothing is written. The paths written are printed.

                Examples:
                  quire newsletter --last 3 --from 'Ada <ada@example.com>' --to list@example.com
                  quire newsletter Watch/ --unsent --excerpt --base-url https://example.com/ -o issues/
                """
        )

        @Argument(help: ArgumentHelp("Posts or folders of posts.", valueName: "file|dir"))
        var inputs: [String] = ["Watch"]

        @Option(help: ArgumentHelp("Only posts dated on or after this day (YYYY-MM-DD).", valueName: "date"))
        var since: String?

        @Option(help: ArgumentHelp("Only the newest N posts.", valueName: "n"))
        var last: Int?

        @Flag(help: "Only posts not sent before (see --state); records the ones sent now.")
        var unsent = false

        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The folder to write into.", valueName: "dir"))
        var outputDirectory = "."

        @Option(help: "The subject (default: \"Newsletter, <date>\").")
        var subject: String?

        @Option(help: ArgumentHelp("The sender, as 'Name <address>' or 'address'.", valueName: "mailbox"))
        var from = "Newsletter <newsletter@localhost>"

        @Option(help: ArgumentHelp("A recipient (repeatable; default: the sender, for lists sent by Bcc).", valueName: "mailbox"))
        var to: [String] = []

        @Flag(help: "Each post as its summary and a Read more link (needs --base-url and a permalink).")
        var excerpt = false

        @Option(help: ArgumentHelp("A Markdown file to open the issue with.", valueName: "file"))
        var header: String?

        @Option(help: ArgumentHelp("A Markdown file to close the issue with (default: an unsubscribe line and the sender).", valueName: "file"))
        var footer: String?

        @Option(help: ArgumentHelp("Where --unsent remembers sent posts.", valueName: "file"))
        var state = ".quire/newsletter-state.json"

        @Option(help: ArgumentHelp("The issue's date, YYYY-MM-DD (default: today).", valueName: "date"))
        var date: String?

        @OptionGroup var flags: ConversionFlags

        func validate() throws {
            if [since != nil, last != nil, unsent].filter({ $0 }).count > 1 {
                throw ValidationError("Choose one of --since, --last and --unsent.")
            }
            if let last, last < 1 { throw ValidationError("--last takes a number of posts, 1 or more.") }
            if let since, QuireConvert.Newsletter.parseDate(since) == nil {
                throw ValidationError("--since: cannot read \"\(since)\" as a date (write YYYY-MM-DD).")
            }
            if let date, QuireConvert.Newsletter.parseDate(date) == nil {
                throw ValidationError("--date: cannot read \"\(date)\" as a date (write YYYY-MM-DD).")
            }
            do {
                _ = try MailAddress(parsing: from)
                for recipient in to { _ = try MailAddress(parsing: recipient) }
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() throws {
            var options = QuireConvert.Newsletter.Options(from: try MailAddress(parsing: from),
                                                          to: try (to.isEmpty ? [from] : to).map { try MailAddress(parsing: $0) })
            options.subject = subject
            options.date = date.flatMap(QuireConvert.Newsletter.parseDate) ?? Date()
            options.baseURL = flags.baseURL
            options.excerpt = excerpt
            options.width = flags.width
            options.flowed = flags.flowed
            options.uppercaseStrong = flags.uppercaseStrong
            options.tocDepth = flags.tocDepth
            options.introduction = try header.map(readText)
            options.footer = try footer.map(readText)

            let posts = try readPosts()
            let sentState = unsent ? try loadState() : NewsletterState()
            let chosen = QuireConvert.Newsletter.select(posts, since: since.flatMap(QuireConvert.Newsletter.parseDate),
                                                        last: last, excluding: Set(sentState.sent.keys))
            guard !chosen.isEmpty else {
                Console.warn(unsent ? "no unsent posts; nothing written" : "no posts for the issue; nothing written")
                return
            }
            if excerpt && flags.baseURL == nil { Console.warn("--excerpt without --base-url: no Read more links") }

            let issue = QuireConvert.Newsletter(options: options).build(chosen)
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            for (ext, content) in [("txt", issue.text), ("html", issue.html), ("eml", issue.message.rendered())] {
                let path = (outputDirectory as NSString).appendingPathComponent("\(issue.name).\(ext)")
                do {
                    try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    Console.error("\(path): cannot write: \(error.localizedDescription)")
                    throw ExitCode(1)
                }
                print(path)
            }
            if unsent {
                var updated = sentState
                for post in chosen { updated.sent[QuireConvert.Newsletter.key(of: post)] = issue.name }
                do { try updated.save(to: state) } catch {
                    Console.error(error.description)
                    throw ExitCode(1)
                }
            }
        }

        private func readText(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                Console.error("\(path): cannot read the file as UTF-8 text")
                throw ExitCode(1)
            }
            return text
        }

        /// Every post, or none: an issue silently missing a post is worse
        /// than no issue.
        private func readPosts() throws -> [Post] {
            var options = flags.options(formats: [])
            options.formats = []
            let converter = Converter(options: options)
            var posts: [Post] = []
            var failed = false
            for path in try PostFinder.posts(in: inputs) {
                do {
                    posts.append(try converter.convert(file: path).post)
                } catch {
                    Console.error(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode(1) }
            return posts
        }

        private func loadState() throws -> NewsletterState {
            do { return try NewsletterState.load(from: state) } catch {
                Console.error(error.description)
                throw ExitCode(1)
            }
        }
    }
}
