extension Escape {
    /// A URL or path with every byte that may not stand in a URL
    /// percent-encoded (spaces, non-ASCII letters, quotes); `%` and the
    /// URL's own delimiters are kept, so an encoded URL stays as it is.
    public static func url(_ s: String) -> String {
        guard s.utf8.contains(where: { !isURLByte($0) }) else { return s }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 16)
        for byte in s.utf8 {
            if isURLByte(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A path as one URL path: like `url(_:)`, and `%`, `?` and `#` are
    /// encoded too, for a file name that holds them.
    public static func urlPath(_ path: String) -> String {
        url(path.replacingOccurrences(of: "%", with: "%25"))
            .replacingOccurrences(of: "?", with: "%3F")
            .replacingOccurrences(of: "#", with: "%23")
    }

    /// RFC 3986 unreserved and reserved characters, and `%`.
    private static func isURLByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~:/?#[]@!$&()*+,;=%".utf8.contains(b)
        }
    }
}
