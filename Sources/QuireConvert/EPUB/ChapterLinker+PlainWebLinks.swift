/// Most links of a book are plain web addresses (the corpus's release
/// notes hold two or three per line, hundreds per post): `https://` and
/// printable ASCII that needs no escaping. For those the general path
/// (`XMLText.clean`, trimming, the scheme as a string, `encode`'s copy and
/// `webURL`'s) gives back the address as it was written, so one pass over
/// its bytes decides, and only the host and port checks remain.
extension ChapterLinker {
    /// `raw` itself when `resolveLinkGenerally` with no base URL would give
    /// it back unchanged and warn of nothing; nil when unsure (the general
    /// path decides). `ChapterLinkerTests` holds the two to that.
    static func plainWebURL(_ raw: String) -> String? {
        let plain = raw.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard isPlainWebAddress(bytes) else { return false }
            return isWebAddress(bytes)
        }
        return plain == true ? raw : nil
    }

    /// `http://` or `https://` (lower case: what `hasScheme` and the
    /// lowercased scheme accept without change), then only bytes that
    /// `XMLText.clean`, `trimmingWhitespace` and `encode` all keep as they
    /// are: printable ASCII other than space and `"<>[\]^`{|}`, at most one
    /// `#`, and every `%` starting an escape of two hex digits.
    static func isPlainWebAddress(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count > 8, bytes[0] == 0x68, bytes[1] == 0x74, bytes[2] == 0x74, bytes[3] == 0x70 else { return false }  // http
        let slashes = bytes[4] == 0x73 ? 5 : 4  // https or http
        guard bytes[slashes] == 0x3A else { return false }  // :
        var hashes = 0
        var index = 0
        while index < count {
            let b = bytes[index]
            guard b > 0x20, b < 0x7F else { return false }
            switch b {
            case 0x22, 0x3C, 0x3E, 0x5B, 0x5C, 0x5D, 0x5E, 0x60, 0x7B, 0x7C, 0x7D:
                return false
            case 0x23:
                hashes += 1
                if hashes > 1 { return false }
            case 0x25:
                guard index + 2 < count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else { return false }
            default:
                break
            }
            index += 1
        }
        return true
    }

    @inline(__always)
    private static func isHexDigit(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }
}
