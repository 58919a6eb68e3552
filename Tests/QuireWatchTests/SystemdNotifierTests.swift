import Foundation
import Testing
@testable import QuireWatch

@Suite struct SystemdNotifierTests {
    @Test(arguments: [false, true])
    func sendsMessagesInOrder(abstract: Bool) async throws {
        let socket = try NotifySocket(abstract: abstract)
        defer { socket.close() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.isEnabled)
        notifier.status("reconciling")
        notifier.ready(status: "watching 3 posts")
        notifier.watchdog()
        let before = Monotonic.microseconds()
        notifier.reloading()
        let after = Monotonic.microseconds()
        notifier.ready()
        notifier.stopping()
        let messages = await socket.waitFor { $0.count == 6 }
        #expect(messages.count == 6)
        guard messages.count == 6 else { return }
        #expect(messages[0] == "STATUS=reconciling")
        #expect(messages[1] == "READY=1\nSTATUS=watching 3 posts")
        #expect(messages[2] == "WATCHDOG=1")
        let reload = messages[3].split(separator: "\n")
        #expect(reload.first == "RELOADING=1")
        #expect(reload.count == 2 && reload[1].hasPrefix("MONOTONIC_USEC="))
        let microseconds = UInt64(reload.last!.dropFirst("MONOTONIC_USEC=".count)) ?? 0
        // CLOCK_MONOTONIC, as systemd compares it: read when the message was made.
        #expect(before <= microseconds && microseconds <= after)
        #expect(messages[4] == "READY=1")
        #expect(messages[5] == "STOPPING=1")
        // Nothing after STOPPING=1.
        notifier.ready(status: "late")
        #expect(notifier.send(["STATUS=late"]) == false)
        try await Task.sleep(for: .milliseconds(50))
        #expect(socket.messages.count == 6)
    }

    @Test func newlinesInStatusCannotInjectAssignments() async throws {
        let socket = try NotifySocket()
        defer { socket.close() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        notifier.status("error: a.md\nREADY=1")
        let messages = await socket.waitFor { $0.count == 1 }
        #expect(messages == ["STATUS=error: a.md READY=1"])
    }

    @Test func silentWithoutNotifySocket() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(notifier.send(["READY=1"]) == false)
        #expect(notifier.watchdogInterval == nil)
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() {
        let ours = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getpid())"])
        #expect(ours.watchdogInterval == .seconds(10))
        let unnamed = SystemdNotifier(environment: ["WATCHDOG_USEC": "3000000"])
        #expect(unnamed.watchdogInterval == .milliseconds(1500))
        // Meant for another process (we inherited its environment): no pings.
        let other = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "1"])
        #expect(other.watchdogInterval == nil)
    }
}
