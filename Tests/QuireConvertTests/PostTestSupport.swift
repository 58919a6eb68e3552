import Foundation
@testable import QuireConvert

/// Reads a post from text the way the converter reads a file.
func readPost(_ text: String, path: String = "posts/post.md", limits: Limits = Limits()) throws(ConversionError) -> Post {
    try PostReader.read(bytes: Array(text.utf8), path: path, limits: limits)
}

/// The error reading `bytes` gives, or nil when it reads.
func readError(_ bytes: [UInt8], path: String = "posts/post.md", limits: Limits = Limits()) -> ConversionError? {
    do {
        _ = try PostReader.read(bytes: bytes, path: path, limits: limits)
        return nil
    } catch {
        return error
    }
}

func readError(_ text: String, path: String = "posts/post.md", limits: Limits = Limits()) -> ConversionError? {
    readError(Array(text.utf8), path: path, limits: limits)
}

/// A UTC date from its fields, computed by Foundation's calendar so the
/// tests do not share the reader's arithmetic.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0,
         offsetMinutes: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0)!
    let date = calendar.date(from: DateComponents(year: year, month: month, day: day,
                                                  hour: hour, minute: minute, second: second))!
    return date.addingTimeInterval(Double(-offsetMinutes * 60))
}
