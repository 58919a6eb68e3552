import ArgumentParser
import Foundation
import QuirePublish

/// `--config FILE`, else `./quire.yaml`, else the built-in default; a bad
/// file is one line on standard error and exit status 2.
enum ConfigLoader {
    static func load(_ explicit: String?) throws -> Config {
        do {
            return try Config.resolve(explicit: explicit, workingDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }
}
