/// A version-5 (SHA-1, name-based) UUID, RFC 9562: the same name always
/// gives the same UUID, on every machine. Books use it for `dc:identifier`.
public enum NameBasedUUID {
    /// The RFC's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8: book
    /// identifiers are derived from a post's web address or path.
    public static let urlNamespace: [UInt8] = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                        0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]

    public static func make(name: String, namespace: [UInt8] = urlNamespace) -> String {
        var digest = SHA1.hash(namespace + Array(name.utf8))
        digest[6] = (digest[6] & 0x0f) | 0x50   // version 5
        digest[8] = (digest[8] & 0x3f) | 0x80   // RFC variant
        let hex = digest[0..<16].map { byte -> String in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }
}
