import Testing
@testable import QuireConvert

/// A file name with a line break or a terminal escape still gives a
/// one-line error that cannot colour or move a terminal.
@Suite struct OneLineTests {
    @Test func controlCharactersAreEscaped() {
        #expect("plain ünïcode 日本".oneLine == "plain ünïcode 日本")
        #expect("a\nb\tc\r\u{1B}[31md\u{7F}\u{85}".oneLine == "a\\nb\\tc\\r\\u{1B}[31md\\u{7F}\\u{85}")
    }

    @Test func anErrorNamingSuchAFileIsOneLine() {
        let error = readError([0x23, 0x0A, 0xFF], path: "posts/bad\nname\u{1B}[2J.md")
        #expect(error?.description == "posts/bad\\nname\\u{1B}[2J.md:2: the file is not valid UTF-8")
    }
}
