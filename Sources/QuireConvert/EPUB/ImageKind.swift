/// The image formats a book may hold (EPUB 3.3's core media types), told
/// apart by their first bytes, never by the file name.
enum ImageKind: String, CaseIterable {
    case png, jpeg, gif, webp, svg

    var mediaType: String {
        switch self {
        case .png: return "image/png"
        case .jpeg: return "image/jpeg"
        case .gif: return "image/gif"
        case .webp: return "image/webp"
        case .svg: return "image/svg+xml"
        }
    }

    var fileExtension: String {
        self == .jpeg ? "jpg" : rawValue
    }

    static func sniff(_ bytes: [UInt8]) -> ImageKind? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        // SVG is text: an <svg root near the start, after any XML
        // declaration, comments or doctype. The parse decides the rest.
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var trimmed = Substring(head)
        if trimmed.hasPrefix("\u{FEFF}") { trimmed = trimmed.dropFirst() }
        trimmed = trimmed.drop { $0.isWhitespace }
        if trimmed.hasPrefix("<"), head.contains("<svg") { return .svg }
        return nil
    }
}
