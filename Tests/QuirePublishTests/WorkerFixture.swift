import Foundation
@testable import QuirePublish
import QuireConvert

/// A temporary folder of posts and a pool of real `quire worker` processes
/// (the binary `swift build` made, found from this file's path).
final class WorkerFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let quire = packageRoot.appendingPathComponent(".build/debug/quire").path

    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("quire-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a post and returns its path.
    @discardableResult
    func post(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static var options: ConversionOptions {
        var options = ConversionOptions()
        options.formats = Set(OutputFormat.allCases)
        return options
    }

    /// A pool on the built binary. `hooks` are the worker's test hooks
    /// (`HANG`, `CRASH`, `MEMORY` mapped to a post's file name).
    func pool(budget: Budget = .default, size: Int = 2, hooks: [String: String] = [:]) -> WorkerPool {
        var environment = ["QUIRE_TESTING": "1"]
        for (hook, file) in hooks { environment["QUIRE_WORKER_TEST_\(hook)"] = file }
        return WorkerPool(budget: budget, size: size,
                          command: .init(executable: Self.quire, arguments: ["worker"], environment: environment))
    }

    /// A plain, valid post.
    static let ordinary = """
        ---
        title: An ordinary post
        date: 2024-03-01
        ---
        # An ordinary post

        Some *text* with a [link](https://example.org).
        """

    /// A legitimate post that takes a good while to convert (well over
    /// 20 ms and 16 MB in a debug build) without any guard objecting: a
    /// long table of ordinary width, about 500 KB.
    static var longTable: String {
        var rows = ["| " + (0..<10).map { "c\($0)" }.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: 10)]
        for i in 0..<6000 { rows.append("| " + (0..<10).map { "v\(i * $0)" }.joined(separator: " | ") + " |") }
        return "# Long table\n\n" + rows.joined(separator: "\n") + "\n"
    }

    static func elapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try await body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

extension Result {
    var error: Failure? {
        if case let .failure(e) = self { return e }
        return nil
    }
}

extension WorkerPool {
    /// The conversion as a value, to expect on either outcome.
    func result(_ path: String) async -> Result<Conversion, ConversionError> {
        do { return .success(try await convert(path)) } catch { return .failure(error) }
    }

    /// The post file at `path`, read by the worker, with the fixture's options.
    func convert(_ path: String) async throws(ConversionError) -> Conversion {
        try await convert(file: path, options: WorkerFixture.options)
    }
}
