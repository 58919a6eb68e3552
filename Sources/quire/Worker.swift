import ArgumentParser
import Foundation
import QuireConvert
import QuirePublish

extension Quire {
    /// `quire worker`: the process a `WorkerPool` converts posts in. Not for
    /// people; it speaks `WorkerFrame` on its standard input and output.
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert posts sent by a quire process on standard input (internal).",
            shouldDisplay: false
        )

        @Option(help: "Bytes of memory a conversion may add to the idle worker.")
        var memory = Budget.default.memory

        func run() throws {
            try Self.serve(memory: memory)
        }

        /// The arguments a `WorkerPool` starts a worker with, read without
        /// ArgumentParser (whose reflection over every command costs about
        /// 1.5 ms of each worker's start, which a one-post build waits
        /// for): `worker` or `worker --memory N`. Nil for anything else,
        /// which goes through the parser and its messages.
        static func quickArguments(_ arguments: [String]) -> Int? {
            switch arguments.count {
            case 1 where arguments[0] == "worker":
                return Budget.default.memory
            case 3 where arguments[0] == "worker" && arguments[1] == "--memory":
                // Digits only, as the pool writes it; a sign goes to the parser.
                guard arguments[2].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                return Int(arguments[2])
            default:
                return nil
            }
        }

        static func serve(memory: Int) throws {
            let hooks = WorkerTestHooks(environment: ProcessInfo.processInfo.environment)
            // One converter for job after job: it parses the page templates
            // again only when the template folder changes.
            var converter = Converter(options: ConversionOptions())
            do {
                try WorkerServer.run(memory: memory, warmUp: Self.warmUp) { job in
                    hooks.apply(to: job.path)
                    if converter.options != job.options { converter.options = job.options }
                    return Result { () throws(ConversionError) -> Conversion in
                        if let bytes = job.bytes { return try converter.convert(bytes: bytes, path: job.path) }
                        return try converter.convert(file: job.path)
                    }
                }
            } catch {
                Console.error("worker: \(error.description)")
                throw ExitCode(2)
            }
        }

        /// Runs each format once on a small post, so the code and tables that
        /// load on first use are part of the idle size the memory budget is
        /// measured from, and the first real post does not pay for them.
        /// Its front matter is one quire reads without Yams, as it reads
        /// most posts' (see `WorkerServer.warmUpPost`).
        static func warmUp() {
            let post = WorkerServer.warmUpPost
            var options = ConversionOptions()
            options.formats = Set(OutputFormat.allCases)
            _ = try? Converter(options: options).convert(bytes: Array(post.utf8), path: "warm-up.md")
        }
    }
}
