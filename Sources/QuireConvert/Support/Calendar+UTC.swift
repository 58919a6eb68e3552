import Foundation

extension Calendar {
    /// The Gregorian calendar in UTC, where every date quire prints is
    /// read: made once, not per call (a `Calendar` is costly to build).
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
