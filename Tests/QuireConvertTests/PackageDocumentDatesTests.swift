import Foundation
import Testing
@testable import QuireConvert

/// The book's own date arithmetic against Foundation's UTC Gregorian
/// calendar and `String(format:)`, which it stands in for.
@Suite struct PackageDocumentDatesTests {
    static func reference(_ date: Date) -> (timestamp: String, day: String, year: Int) {
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!),
                String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), c.year!)
    }

    static func expectSame(_ date: Date, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = reference(date)
        #expect(PackageDocument.timestamp(date) == expected.timestamp, "\(date.timeIntervalSince1970)", sourceLocation: sourceLocation)
        #expect(PackageDocument.day(date) == expected.day, "\(date.timeIntervalSince1970)", sourceLocation: sourceLocation)
        #expect(PackageDocument.year(date) == expected.year, "\(date.timeIntervalSince1970)", sourceLocation: sourceLocation)
    }

    @Test func edgesMatchFoundation() {
        let edges: [Double] = [0, -0.5, 0.5, -1, 1, 86_399.999, 86_400, -86_400, -86_400.25, 951_782_400, 951_868_800,
                               -2_208_988_800, -2_203_891_200, 4_107_542_400, 4_102_444_800, 946_684_799.9, 946_684_800,
                               -12_212_553_600, -12_212_553_600.5, -12_212_553_601, 253_402_300_799, 253_402_300_799.9,
                               253_402_300_800, -62_135_596_800, -62_135_596_801, -12_219_292_800, -12_219_292_801, 1_790_000_000]
        for t in edges { Self.expectSame(Date(timeIntervalSince1970: t)) }
    }

    /// A hair either side of a whole second in the time base a `Date` keeps
    /// (seconds since 2001): seconds since 1970 may round such an instant to
    /// a whole second, while Foundation gives the second below.
    @Test func instantsNextToAWholeSecondMatchFoundation() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<5_000 {
            let whole = Double(Int.random(in: -14_000_000_000...253_000_000_000, using: &generator))
            for steps in 1...3 {
                Self.expectSame(Date(timeIntervalSinceReferenceDate: whole - Double(steps) * whole.ulp))
                Self.expectSame(Date(timeIntervalSinceReferenceDate: whole + Double(steps) * whole.ulp))
            }
        }
    }

    @Test func randomDatesMatchFoundation() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            let t = Double.random(in: -13_000_000_000...253_500_000_000, using: &generator)
            let whole = Bool.random(using: &generator)
            Self.expectSame(Date(timeIntervalSince1970: whole ? t.rounded(.down) : t))
        }
    }
}
