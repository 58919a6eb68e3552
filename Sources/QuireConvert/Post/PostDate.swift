import Foundation

/// Reads the dates posts carry: `2016-12-25`, `2016-12-25T12:00:00.000Z`,
/// `2016-12-25 12:00:00`, `2025-01-29 18:15:32 +0530`, RFC 3339 with
/// offsets, and the `YYYY-MM-DD-` prefix of a Jekyll file name.
///
/// A small hand-written scanner rather than `DateFormatter`s: one pass over
/// the bytes, no locale or calendar state, safe from any thread, and it
/// checks the fields (no 31 February) where a lenient formatter rolls over.
/// A date without an offset is read as UTC, so the same post gives the same
/// outputs on every machine.
public enum PostDate {
    public static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        scanner.skipBlanks()
        guard let year = scanner.digits(exactly: 4), scanner.take("-"),
              let month = scanner.digits(1...2), scanner.take("-"),
              let day = scanner.digits(1...2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        scanner.skipBlanks()
        if scanner.atEnd { return Date(timeIntervalSince1970: seconds) }
        // The time: after `T`, `t` or blanks.
        if scanner.take("T") || scanner.take("t") { scanner.skipBlanks() }
        guard let hour = scanner.digits(1...2), scanner.take(":"), let minute = scanner.digits(exactly: 2),
              hour <= 23, minute <= 59
        else { return nil }
        var second = 0
        var fraction = 0.0
        if scanner.take(":") {
            guard let value = scanner.digits(exactly: 2), value <= 60 else { return nil }
            second = value
            if scanner.take(".") || scanner.take(",") {
                guard let (value, length) = scanner.fraction() else { return nil }
                fraction = Double(value) / pow(10, Double(length))
            }
        }
        seconds += Double(hour * 3600 + minute * 60 + second) + fraction
        scanner.skipBlanks()
        if scanner.atEnd { return Date(timeIntervalSince1970: seconds) }
        // The offset: `Z`, `UTC`, `GMT`, `+05:30`, `+0530`, `+05`.
        if scanner.take("Z") || scanner.take("z") || scanner.take("UTC") || scanner.take("GMT") {
        } else {
            let sign: Int
            if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
            guard let hours = scanner.digits(1...2), hours <= 23 else { return nil }
            var minutes = 0
            if scanner.take(":") {
                guard let value = scanner.digits(exactly: 2) else { return nil }
                minutes = value
            } else if let value = scanner.digits(exactly: 2) {
                minutes = value
            }
            guard minutes <= 59 else { return nil }
            seconds -= Double(sign * (hours * 3600 + minutes * 60))
        }
        scanner.skipBlanks()
        return scanner.atEnd ? Date(timeIntervalSince1970: seconds) : nil
    }

    /// The date of a Jekyll file name, `2016-12-25-a-post.md`, at midnight UTC.
    public static func fromFileName(_ name: String) -> Date? {
        guard fileNamePrefix(name) != nil else { return nil }
        return parse(String(decoding: Array(name.utf8.prefix(10)), as: UTF8.self))
    }

    /// The length of a `YYYY-MM-DD-` prefix (11) when the name starts with one.
    static func fileNamePrefix(_ name: String) -> Int? {
        let bytes = Array(name.utf8.prefix(11))
        guard bytes.count == 11 else { return nil }
        for (index, byte) in bytes.enumerated() {
            let isDigit = byte >= 48 && byte <= 57
            switch index {
            case 4, 7, 10: if byte != UInt8(ascii: "-") { return nil }
            default: if !isDigit { return nil }
            }
        }
        return 11
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
    /// `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func skipBlanks() {
            while index < bytes.count, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
        }

        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = literal.withUTF8Buffer { $0.elementsEqual(bytes[index..<index + count]) }
            if matches { index += count }
            return matches
        }

        mutating func digits(exactly count: Int) -> Int? { digits(count...count) }

        mutating func digits(_ range: ClosedRange<Int>) -> Int? {
            var value = 0
            var length = 0
            while index < bytes.count, length < range.upperBound, bytes[index] >= 48, bytes[index] <= 57 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
                length += 1
            }
            return range.contains(length) ? value : nil
        }

        mutating func fraction() -> (Int, Int)? {
            var value = 0
            var length = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if length < 9 { value = value * 10 + Int(bytes[index] - 48); length += 1 }
                index += 1
            }
            return length > 0 ? (value, length) : nil
        }
    }
}
