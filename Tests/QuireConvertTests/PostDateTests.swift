import Foundation
import Testing
@testable import QuireConvert

@Suite struct PostDateTests {
    @Test(arguments: [
        ("2016-12-25", utc(2016, 12, 25)),
        ("2016-12-25T12:00:00.000Z", utc(2016, 12, 25, 12)),
        ("2016-12-25T12:00:00Z", utc(2016, 12, 25, 12)),
        ("2016-12-25 12:00:00", utc(2016, 12, 25, 12)),
        ("2016-12-25 12:00", utc(2016, 12, 25, 12)),
        ("2025-01-29 18:15:32 +0530", utc(2025, 1, 29, 18, 15, 32, offsetMinutes: 330)),
        ("2025-01-29 18:15:32 -0800", utc(2025, 1, 29, 18, 15, 32, offsetMinutes: -480)),
        ("2025-01-29T18:15:32+05:30", utc(2025, 1, 29, 18, 15, 32, offsetMinutes: 330)),
        ("2025-01-29T18:15:32-07:00", utc(2025, 1, 29, 18, 15, 32, offsetMinutes: -420)),
        ("2025-01-29 18:15:32 UTC", utc(2025, 1, 29, 18, 15, 32)),
        ("2024-02-29", utc(2024, 2, 29)),
        ("2016-1-5", utc(2016, 1, 5)),
    ])
    func readsTheUsualForms(text: String, expected: Date) {
        #expect(PostDate.parse(text) == expected)
    }

    @Test func keepsFractionsOfASecond() throws {
        let date = try #require(PostDate.parse("2016-12-25T12:00:00.250Z"))
        #expect(abs(date.timeIntervalSince(utc(2016, 12, 25, 12)) - 0.25) < 0.000_001)
    }

    @Test(arguments: ["yesterday", "2016-13-01", "2023-02-29", "2016-12-32", "2016-12-25T25:00:00",
                      "2016-12-25 12:00:00 +", "2016-12-25 nonsense", "16-12-25", "", "2016/12/25"])
    func refusesWhatIsNotADate(text: String) {
        #expect(PostDate.parse(text) == nil)
    }

    @Test func fileNamePrefix() {
        #expect(PostDate.fromFileName("2016-12-25-a-post.md") == utc(2016, 12, 25))
        #expect(PostDate.fromFileName("a-post.md") == nil)
        #expect(PostDate.fromFileName("2016-12-25.md") == nil)
    }
}
