import Foundation

/// The book's dates in UTC. Calendar arithmetic and `String(format:)` cost
/// 2 % of a book; dates from 1583 to 9999, all a post has in practice, are
/// counted by `PostDate.utcComponents`, as the page's and the text's are.
/// Other dates, and fractions of a second where Foundation may round up,
/// still go to Foundation's Gregorian calendar (Julian before October 1582).
extension PackageDocument {
    /// CCYY-MM-DDThh:mm:ssZ in UTC, as `dcterms:modified` requires.
    static func timestamp(_ date: Date) -> String {
        if let t = civil(date) {
            return pad(t.year, 4) + "-" + pad(t.month, 2) + "-" + pad(t.day, 2) + "T" + pad(t.seconds / 3600, 2) + ":"
                + pad(t.seconds / 60 % 60, 2) + ":" + pad(t.seconds % 60, 2) + "Z"
        }
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// CCYY-MM-DD in UTC, for the title page.
    static func day(_ date: Date) -> String {
        if let t = civil(date) { return pad(t.year, 4) + "-" + pad(t.month, 2) + "-" + pad(t.day, 2) }
        let c = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The year in UTC.
    static func year(_ date: Date) -> Int {
        civil(date)?.year ?? Calendar.utc.component(.year, from: date)
    }

    /// Year, month, day and seconds into the day, where `PostDate.utcComponents`
    /// answers as Foundation would.
    static func civil(_ date: Date) -> (year: Int, month: Int, day: Int, seconds: Int)? {
        PostDate.utcComponents(of: date).map { ($0.year, $0.month, $0.day, $0.hour * 3600 + $0.minute * 60 + $0.second) }
    }

    /// `n` (not negative) with leading zeros to `width` digits.
    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}
