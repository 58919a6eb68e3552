/// Escaping for the places a value can land in markup.
public enum Escape {
    /// Text content of an HTML or XML element.
    public static func text(_ s: String) -> String {
        escape(s, quotes: false)
    }

    /// A quoted attribute value: quotes escaped as well as markup.
    public static func attribute(_ s: String) -> String {
        escape(s, quotes: true)
    }

    /// Every page's text and attributes come through here. `&`, `<`, `>`,
    /// `"` and `'` are ASCII, and in UTF-8 an ASCII byte is always that
    /// character, so the work is done on the bytes: one scan of the
    /// contiguous storage, and text without any of them is returned as it is.
    private static func escape(_ s: String, quotes: Bool) -> String {
        var s = s
        return s.withUTF8 { bytes -> String? in
            let index = quotes ? firstSpecial(bytes, quotes: true) : firstSpecial(bytes, quotes: false)
            guard index < bytes.count else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            append(bytes, from: index, quotes: quotes, to: &out)
            return String(decoding: out, as: UTF8.self)
        } ?? s
    }

    /// `attribute(s)`'s bytes appended to `out`, without the intermediate
    /// `String`: for output built as bytes (the built-in page).
    static func appendAttribute(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in append(bytes, from: firstSpecial(bytes, quotes: true), quotes: true, to: &out) }
    }

    /// `bytes` escaped onto `out`; `first` is the first byte that needs it:
    /// the runs between special bytes are copied whole.
    @inline(__always)
    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, quotes: Bool, to out: inout [UInt8]) {
        let end = bytes.count
        var index = first
        var run = 0
        while index < end {
            let entity: StaticString
            switch bytes[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            default: entity = "&#39;"
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            entity.withUTF8Buffer { out.append(contentsOf: $0) }
            index += 1
            run = index
            let rest = UnsafeBufferPointer(rebasing: bytes[index...])
            index += quotes ? firstSpecial(rest, quotes: true) : firstSpecial(rest, quotes: false)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end]))
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8, quotes: Bool) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && (byte == 0x22 || byte == 0x27))
    }

    /// The index of the first byte that needs escaping, or the count.
    /// Eight bytes at a time: a word holds one of them when XOR with that
    /// byte repeated leaves a zero byte (the classic has-zero-byte test,
    /// exact for whether there is one); only such a word is looked into.
    @inline(__always)
    static func firstSpecial(_ bytes: UnsafeBufferPointer<UInt8>, quotes: Bool) -> Int {
        let end = bytes.count
        var index = 0
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
                let x = word ^ (ones &* UInt64(byte))
                return (x &- ones) & ~x & highs != 0
            }
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                var found = hasByte(word, 0x26) || hasByte(word, 0x3C) || hasByte(word, 0x3E)
                if quotes && !found { found = hasByte(word, 0x22) || hasByte(word, 0x27) }
                if found { break }
                index += 8
            }
        }
        while index < end, !needsEscape(bytes[index], quotes: quotes) { index += 1 }
        return index
    }

    /// The general form, scalar by scalar: what the byte path must equal.
    static func escapeScalars(_ s: String, quotes: Bool) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
