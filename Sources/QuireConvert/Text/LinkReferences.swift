/// The numbered list of addresses at the end of the plain text: each
/// address gets a number the first time it is linked and keeps it.
struct LinkReferences {
    private(set) var urls: [String] = []
    /// Built only once a post has many links: below that, comparing with
    /// each address costs less than hashing one.
    private var numbers: [String: Int] = [:]
    private static let linearLimit = 16

    mutating func number(for url: String) -> Int {
        if urls.count < Self.linearLimit {
            if let index = urls.firstIndex(of: url) { return index + 1 }
            urls.append(url)
            return urls.count
        }
        if numbers.isEmpty {
            // Room for a long changelog's links without growing (each
            // growth hashes every address again).
            numbers.reserveCapacity(256)
            for (index, known) in urls.enumerated() { numbers[known] = index + 1 }
        }
        // One lookup that finds the address or inserts it: a post with many
        // links mostly links each address once, and a lookup followed by an
        // insertion hashed every such address twice.
        let next = urls.count + 1
        let number = Self.numberOrInsert(&numbers[url, default: 0], next)
        if number == next { urls.append(url) }
        return number
    }

    private static func numberOrInsert(_ slot: inout Int, _ next: Int) -> Int {
        if slot == 0 { slot = next }
        return slot
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
