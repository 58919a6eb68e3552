import Testing
@testable import QuireWatch

@Suite struct DebouncerTests {
    let start = ContinuousClock.now
    func at(_ ms: Int) -> ContinuousClock.Instant { start + .milliseconds(ms) }

    /// Feeds `events` (milliseconds, event) and collects every batch a
    /// consumer polling every millisecond would get.
    func run(_ events: [(Int, FileEvent)], until end: Int = 2_000, debouncer: Debouncer = Debouncer()) -> [SettledChanges] {
        var debouncer = debouncer
        var batches: [SettledChanges] = []
        var queue = events[...]
        for ms in 0...end {
            while let (time, event) = queue.first, time <= ms {
                debouncer.record(event, at: at(time))
                queue = queue.dropFirst()
            }
            let batch = debouncer.settled(at: at(ms))
            if !batch.isEmpty { batches.append(batch) }
        }
        return batches
    }

    @Test func burstOnOnePathSettlesOnceAfterQuietPeriod() {
        let events = (0..<10).map { (i: Int) in (i * 10, FileEvent(.written, "/s/a.md")) }
        let batches = run(events)
        #expect(batches == [SettledChanges(paths: ["/s/a.md"])])
        var debouncer = Debouncer()
        for (ms, event) in events { debouncer.record(event, at: at(ms)) }
        #expect(debouncer.settled(at: at(90 + 49)).isEmpty)
        #expect(debouncer.settled(at: at(90 + 50)).paths == ["/s/a.md"])
    }

    @Test func quietPeriodIsConfigurable() {
        var debouncer = Debouncer(quietPeriod: .milliseconds(200))
        debouncer.record(FileEvent(.written, "/s/a.md"), at: at(0))
        #expect(debouncer.nextDeadline == at(200))
        #expect(debouncer.settled(at: at(199)).isEmpty)
        #expect(debouncer.settled(at: at(200)).paths == ["/s/a.md"])
    }

    @Test func slowWriterIsHeldUntilClosed() {
        // Created at 0, written for three seconds with long pauses, closed at 3000.
        let batches = run([(0, FileEvent(.created, "/s/slow.md")), (3_000, FileEvent(.written, "/s/slow.md"))], until: 4_000)
        #expect(batches.count == 1)
        #expect(batches.first?.paths == ["/s/slow.md"])
        var debouncer = Debouncer()
        debouncer.record(FileEvent(.created, "/s/slow.md"), at: at(0))
        #expect(debouncer.settled(at: at(2_999)).isEmpty)
    }

    @Test func fileNeverClosedIsReleasedAfterMaximumHold() {
        let debouncer = Debouncer(quietPeriod: .milliseconds(50), maximumHold: .milliseconds(500))
        let batches = run([(0, FileEvent(.created, "/s/x.md"))], until: 1_000, debouncer: debouncer)
        #expect(batches == [SettledChanges(paths: ["/s/x.md"])])
    }

    /// vim with `backup` and `writebackup`: swap file, the 4913 probe,
    /// the original renamed to `post.md~`, a new `post.md` written, the
    /// backup deleted. One change, for `post.md` only.
    @Test func vimSaveIsOneChange() {
        let d = "/s/"
        let events: [(Int, FileEvent)] = [
            (0, FileEvent(.created, d + ".post.md.swp")), (0, FileEvent(.written, d + ".post.md.swp")),
            (1, FileEvent(.created, d + "4913")), (1, FileEvent(.written, d + "4913")), (1, FileEvent(.removed, d + "4913")),
            (2, FileEvent(.removed, d + "post.md")), (2, FileEvent(.written, d + "post.md~")),
            (3, FileEvent(.created, d + "post.md")), (4, FileEvent(.written, d + "post.md")),
            (5, FileEvent(.removed, d + "post.md~")), (6, FileEvent(.written, d + ".post.md.swp")),
        ]
        #expect(run(events) == [SettledChanges(paths: [d + "post.md"])])
    }

    @Test func temporaryAndHiddenNamesNeverSettle() {
        let names = [".post.md.swp", ".post.md.swx", "post.md~", ".#post.md", "#post.md#", ".goutputstream-AB12CD",
                     ".post.md.Xy12Ab", "4913", "5036", "sedAb12Cd", "post.md.tmp", "draft.md.part"]
        let events = names.enumerated().map { ($0.offset, FileEvent(.written, "/s/" + $0.element)) }
        #expect(run(events).isEmpty)
        for name in names { #expect(PathFilter.isIgnored(name: name), "\(name)") }
        for name in ["post.md", "My Post.markdown", "-dash.md", "été.md", "4913.md", "sediment.md", "logo.png"] {
            #expect(!PathFilter.isIgnored(name: name), "\(name)")
        }
    }

    /// `2026/` is a folder of posts, not vim's `4913` probe.
    @Test func numberedFolderIsNotIgnored() {
        let events: [(Int, FileEvent)] = [(0, FileEvent(.removed, "/s/2026", isDirectory: true)), (0, FileEvent(.written, "/s/4913"))]
        #expect(run(events) == [SettledChanges(paths: ["/s/2026"])])
    }

    @Test func renameIsRemovalOfOldAndChangeOfNew() {
        let events: [(Int, FileEvent)] = [(0, FileEvent(.removed, "/s/old.md")), (0, FileEvent(.written, "/s/new.md"))]
        #expect(run(events) == [SettledChanges(paths: ["/s/new.md", "/s/old.md"])])
    }

    /// A deletion on its own settles after the removal grace.
    @Test func deletionWaitsForTheRemovalGrace() {
        var debouncer = Debouncer()
        debouncer.record(FileEvent(.removed, "/s/gone.md"), at: at(0))
        #expect(debouncer.settled(at: at(499)).isEmpty)
        #expect(debouncer.settled(at: at(500)).paths == ["/s/gone.md"])
    }

    /// vim on a loaded machine: the old file renamed away, then a pause longer
    /// than the quiet period before the new one is written. No unpublish in
    /// between: one change, after the close.
    @Test func renameAwayThenSlowRewriteIsOneChange() {
        let events: [(Int, FileEvent)] = [
            (0, FileEvent(.removed, "/s/post.md")), (1, FileEvent(.written, "/s/post.md~")),
            (300, FileEvent(.created, "/s/post.md")), (420, FileEvent(.written, "/s/post.md")),
        ]
        let batches = run(events)
        #expect(batches == [SettledChanges(paths: ["/s/post.md"])])
        var debouncer = Debouncer()
        for (ms, event) in events { debouncer.record(event, at: at(ms)) }
        #expect(debouncer.settled(at: at(469)).isEmpty)
        #expect(debouncer.settled(at: at(470)).paths == ["/s/post.md"])
    }

    @Test func manyFilesInOneBurstComeOutTogether() {
        let events = (0..<1_000).map { (i: Int) in (i / 100, FileEvent(.written, "/s/p\(i).md")) }
        let batches = run(events)
        #expect(batches.reduce(0) { $0 + $1.paths.count } == 1_000)
        #expect(batches.count <= 10)
    }

    @Test func rescanAndGoneRootsPassStraightThrough() {
        var debouncer = Debouncer()
        debouncer.record(FileEvent(.written, "/s/a.md"), at: at(0))
        debouncer.record(FileEvent(.rescan, ""), at: at(1))
        debouncer.record(FileEvent(.rootGone, "/s", isDirectory: true), at: at(1))
        let first = debouncer.settled(at: at(1))
        #expect(first.rescan && first.goneRoots == ["/s"] && first.paths.isEmpty)
        #expect(debouncer.settled(at: at(51)).paths == ["/s/a.md"])
        #expect(debouncer.isIdle)
    }

    @Test func debouncedEventsOnRealClock() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: FileEvent.self)
        let debounced = DebouncedEvents(stream, debouncer: Debouncer(quietPeriod: .milliseconds(30)))
        let started = ContinuousClock.now
        for _ in 0..<5 { continuation.yield(FileEvent(.written, "/s/a.md")) }
        continuation.yield(FileEvent(.written, "/s/b.md"))
        let batch = await debounced.next()
        #expect(batch?.paths == ["/s/a.md", "/s/b.md"])
        #expect(ContinuousClock.now - started >= .milliseconds(30))
        continuation.finish()
        #expect(await debounced.next() == nil)
    }
}

@Suite struct DebouncedEventsTests {
    /// A file created (held for its close) and closed a little later settles
    /// one quiet period after the close, not after the maximum hold.
    @Test func closeAfterCreateSettlesPromptly() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: FileEvent.self)
        let debounced = DebouncedEvents(stream, debouncer: Debouncer(quietPeriod: .milliseconds(30)))
        continuation.yield(FileEvent(.created, "/s/a.md"))
        let waiting = Task { await debounced.next() }
        try await Task.sleep(for: .milliseconds(100))
        let closed = ContinuousClock.now
        continuation.yield(FileEvent(.written, "/s/a.md"))
        let batch = await waiting.value
        #expect(batch?.paths == ["/s/a.md"])
        // Well before the 60 s maximum hold, even on a loaded machine.
        #expect(ContinuousClock.now - closed < .seconds(20))
        continuation.finish()
    }
}
