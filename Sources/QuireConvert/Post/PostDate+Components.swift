import Foundation

extension PostDate {
    /// The UTC calendar fields of `date` by arithmetic, for the renderers
    /// that print every post's date: a Foundation `Calendar` costs more per
    /// call than the rest of the byline. Nil where Foundation's Gregorian
    /// calendar differs from the proleptic one computed here (before 1583,
    /// where it switches to the Julian calendar), past year 9999, and for a
    /// fraction of a second within a thousandth of a whole second, where
    /// Foundation's own arithmetic may round to the next second. Other
    /// fractions (most of the corpus's dates have milliseconds:
    /// `2016-12-03T14:41:04.442Z`) fall to the second below, as Foundation's
    /// do. The fraction is read in the time base a `Date` keeps (seconds
    /// since 2001): a hair below a whole second there can be exactly whole
    /// once converted to seconds since 1970, and Foundation, which counts
    /// from 2001, still gives the second below. Millions of random and
    /// near-boundary instants agreed when this was written, and the tests
    /// keep checking.
    static func utcComponents(of date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
        let interval = date.timeIntervalSinceReferenceDate
        let whole = interval.rounded(.down)
        let fraction = interval - whole
        // 1583-01-01 and 10000-01-01, in seconds since 2001.
        guard interval >= -13_190_860_800, interval < 252_423_993_600,
              fraction == 0 || (fraction >= 0.001 && fraction <= 0.999)
        else { return nil }
        let seconds = Int(whole) + 978_307_200  // since 1970
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`, the inverse of `daysFromCivil`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
