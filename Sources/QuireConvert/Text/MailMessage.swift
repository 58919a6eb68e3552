import Foundation

/// An RFC 5322 message with a plain-text body and, optionally, an HTML
/// alternative: `multipart/alternative` with the text first (the part a
/// reader's client shows last is the one it prefers), both in UTF-8 and
/// quoted-printable. The result can be handed to `sendmail -t` as it is.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    public var messageID: String
    public var text: String
    /// The text is RFC 3676 format=flowed.
    public var textIsFlowed = false
    public var html: String?
    /// More headers, such as `List-Unsubscribe`, written as given (ASCII).
    public var extraHeaders: [(name: String, value: String)] = []
    /// LF by default: `sendmail` and mbox files want the local convention
    /// and the mail system writes CRLF on the wire. Use "\r\n" to hand the
    /// message to SMTP directly.
    public var lineEnding = "\n"

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date = Date(),
                messageID: String? = nil, text: String, html: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID ?? Self.newMessageID(domain: from.domain)
        self.text = text
        self.html = html
    }

    /// `<random@domain>`: unique without any state to keep.
    public static func newMessageID(domain: String) -> String {
        "<quire.\(UUID().uuidString.lowercased())@\(domain)>"
    }

    /// `Mon, 30 Nov 2026 09:05:00 +0000` (RFC 5322 section 3.3), in UTC.
    public static func rfc5322Date(_ date: Date) -> String {
        let calendar = Calendar.utc
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[c.weekday! - 1]), \(two(c.day!)) \(months[c.month! - 1]) \(c.year!) "
            + "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) +0000"
    }

    public func rendered() -> String {
        let nl = lineEnding
        var out = ""
        func header(_ name: String, _ value: String) { out += Self.fold(name + ": " + value, lineEnding: nl) + nl }
        header("From", from.description)
        header("To", to.map(\.description).joined(separator: ", "))
        header("Subject", EncodedWord.encode(subject, lineEnding: nl))
        header("Date", Self.rfc5322Date(date))
        header("Message-ID", messageID)
        header("MIME-Version", "1.0")
        for extra in extraHeaders { header(extra.name, extra.value) }
        let textType = "text/plain; charset=utf-8" + (textIsFlowed ? "; format=flowed; delsp=no" : "")
        guard let html else {
            header("Content-Type", textType)
            header("Content-Transfer-Encoding", "quoted-printable")
            out += nl + QuotedPrintable.encode(text, lineEnding: nl)
            if !out.hasSuffix(nl) { out += nl }
            return out
        }
        // Quoted-printable never writes "=_", so this boundary cannot occur
        // in either part.
        let boundary = "=_quire_" + UUID().uuidString.lowercased()
        header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
        out += nl + "This is a message in MIME format: a plain-text and an HTML version." + nl
        for (type, body) in [(textType, text), ("text/html; charset=utf-8", html)] {
            out += nl + "--" + boundary + nl
            out += "Content-Type: " + type + nl
            out += "Content-Transfer-Encoding: quoted-printable" + nl + nl
            // The line break before the next boundary belongs to the
            // boundary (RFC 2046 5.1.1): the body's own final newline is it.
            out += QuotedPrintable.encode(body, lineEnding: nl)
        }
        out += nl + "--" + boundary + "--" + nl
        return out
    }

    /// Folds a header line longer than 78 characters at spaces (RFC 5322
    /// section 2.2.3). Encoded words come already split into short pieces.
    static func fold(_ line: String, lineEnding: String) -> String {
        var out: [String] = []
        var physicalLines = line.components(separatedBy: lineEnding)
        let rest = physicalLines.dropFirst()
        physicalLines = Array(physicalLines.prefix(1))
        for physical in physicalLines {
            var current = ""
            for word in physical.split(separator: " ", omittingEmptySubsequences: false) {
                if current.isEmpty {
                    current = String(word)
                } else if current.count + 1 + word.count > 78 && !current.trimmingCharacters(in: .whitespaces).isEmpty {
                    out.append(current)
                    current = " " + word
                } else {
                    current += " " + word
                }
            }
            out.append(current)
        }
        // Lines after the first were folded by whoever wrote them.
        return (out + rest).joined(separator: lineEnding)
    }
}
