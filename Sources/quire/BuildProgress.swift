import Foundation
import QuireConvert
import QuirePublish

/// Shows a build as it goes: a bar on a terminal, a line per post in a
/// log (and with `--quiet`). Errors and warnings always get their own line
/// on standard error.
final class BuildProgress: @unchecked Sendable {
    private let bar: Bool
    private let lock = NSLock()
    private var barShown = false
    private var done = 0
    private var total = 0
    private var current = ""

    init(bar: Bool) {
        self.bar = bar
    }

    func handle(_ event: PublishEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case let .converting(total):
            self.total = total
            done = 0
            if !bar { line("converting \(total) posts") }
        case let .converted(post, done, total):
            self.done = done
            self.total = total
            current = post
            if bar { draw() }
        case let .published(post):
            if !bar { line("built \(post)") }
        case let .removed(post):
            if !bar { line("removed \(post)") }
        case let .warning(text):
            line("warning: \(text)")
        case let .failure(text):
            line("error: \(text)")
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        clear()
    }

    private func line(_ text: String) {
        clear()
        FileHandle.standardError.write(Data((text.oneLine + "\n").utf8))
        if bar, total > 0, done < total { draw() }
    }

    private func draw() {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var name = current.oneLine
        if name.count > 40 { name = "..." + name.suffix(37) }
        FileHandle.standardError.write(Data("\r\u{1B}[2K[\(bar)] \(done)/\(total) \(name)".utf8))
        barShown = true
    }

    private func clear() {
        guard barShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        barShown = false
    }
}
