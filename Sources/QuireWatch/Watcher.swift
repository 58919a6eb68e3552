/// A source of file events: inotify (`FileWatcher`) or stat polling
/// (`PollingWatcher`). Both report on `events` until `stop()`.
public protocol Watcher: AnyObject, Sendable {
    var events: AsyncStream<FileEvent> { get }
    func stop()
}
