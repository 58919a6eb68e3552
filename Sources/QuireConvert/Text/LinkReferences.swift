/// The numbered list of addresses at the end of the plain text: each
/// address gets a number the first time it is linked and keeps it.
struct LinkReferences {
    private(set) var urls: [String] = []
    /// Built only once a post has many links: below that, comparing with
    /// each address costs less than hashing one.
    private var table = AddressTable()
    /// Used instead of `table` once a post links an address that is not
    /// ASCII: `String` equality (canonical equivalence) decides there.
    private var numbers: [String: Int]?
    private static let linearLimit = 16

    mutating func number(for url: String) -> Int {
        if urls.count < Self.linearLimit {
            if let index = urls.firstIndex(of: url) { return index + 1 }
            urls.append(url)
            return urls.count
        }
        if numbers == nil {
            let ready = !table.isEmpty || table.take(urls)
            if ready, let number = table.number(for: url, in: &urls) { return number }
            // An address that is not ASCII: from now on, `String` hashing.
            var general: [String: Int] = [:]
            general.reserveCapacity(max(256, urls.count * 2))
            for (index, known) in urls.enumerated() { general[known] = index + 1 }
            numbers = general
            table = AddressTable()
        }
        // One lookup that finds the address or inserts it: a post with many
        // links mostly links each address once, and a lookup followed by an
        // insertion hashed every such address twice.
        let next = urls.count + 1
        let number = Self.numberOrInsert(&numbers![url, default: 0], next)
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
        let markerWidth = String(urls.count).utf8.count + 2
        var lines: [TextLine] = []
        lines.reserveCapacity(urls.count)
        var marker: [UInt8] = []
        marker.reserveCapacity(markerWidth + 1)
        for (index, url) in urls.enumerated() {
            // The marker and its padding are a few bytes, which a string
            // holds inline; the address is shared, not copied.
            marker.removeAll(keepingCapacity: true)
            marker.append(0x5B)
            TextRenderer.appendDecimal(index + 1, to: &marker)
            marker.append(0x5D)
            while marker.count <= markerWidth { marker.append(0x20) }
            lines.append(TextLine(url, lead: String(decoding: marker, as: UTF8.self)))
        }
        return lines
    }
}
