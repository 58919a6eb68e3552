import Logging
import Testing
@testable import QuireWatch

@Suite struct ConsoleLogHandlerTests {
    @Test func journalLinesHavePriorityAndNoTimestamp() {
        let handler = ConsoleLogHandler(label: "quire", style: .journal)
        #expect(handler.format(level: .error, message: "a.md: failed", metadata: nil) == "<3>a.md: failed\n")
        #expect(handler.format(level: .info, message: "published a", metadata: ["ms": "4"]) == "<6>published a ms=4\n")
        #expect(handler.format(level: .warning, message: "two\nlines", metadata: nil) == "<4>two lines\n")
        #expect(handler.format(level: .notice, message: "n", metadata: nil) == "<5>n\n")
        #expect(handler.format(level: .critical, message: "c", metadata: nil) == "<2>c\n")
        #expect(handler.format(level: .debug, message: "d", metadata: nil) == "<7>d\n")
    }

    @Test func terminalLinesHaveTimestampAndLevel() {
        let handler = ConsoleLogHandler(label: "quire", style: .terminal)
        let line = handler.format(level: .info, message: "published a", metadata: nil)
        #expect(line.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO published a\n/) != nil)
    }

    @Test func journalStreamMustBeOurStandardError() {
        #expect(ConsoleLogHandler.detectStyle(environment: [:]) == .terminal)
        #expect(ConsoleLogHandler.detectStyle(environment: ["JOURNAL_STREAM": "1:1"]) == .terminal)
    }
}
