/// The numbered list of addresses at the end of the plain text: each
/// address gets a number the first time it is linked and keeps it.
struct LinkReferences {
    private(set) var urls: [String] = []
    /// Built only once a post has many links: below that, comparing with
    /// each address costs less than hashing one.
    private var numbers: [String: Int] = [:]
    private static let linearLimit = 16

    mutating func number(for url: String) -> Int {
        if urls.count <= Self.linearLimit {
            if let index = urls.firstIndex(of: url) { return index + 1 }
        } else if let number = numbers[url] {
            return number
        }
        urls.append(url)
        if urls.count > Self.linearLimit {
            if numbers.isEmpty {
                for (index, known) in urls.enumerated() { numbers[known] = index + 1 }
            } else {
                numbers[url] = urls.count
            }
        }
        return urls.count
    }

    /// `[1] https://…`, markers padded so the addresses line up. An address
    /// is never wrapped: a reader copies it whole.
    func lines() -> [TextLine] {
        let markerWidth = "[\(urls.count)]".count
        return urls.enumerated().map { index, url in
            let marker = "[\(index + 1)]"
            return TextLine(marker + String(repeating: " ", count: markerWidth - marker.count + 1) + url)
        }
    }
}
