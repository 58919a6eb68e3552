/// The numbered list of addresses at the end of the plain text: each
/// address gets a number the first time it is linked and keeps it.
struct LinkReferences {
    private(set) var urls: [String] = []
    private var numbers: [String: Int] = [:]

    mutating func number(for url: String) -> Int {
        if let number = numbers[url] { return number }
        urls.append(url)
        numbers[url] = urls.count
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
