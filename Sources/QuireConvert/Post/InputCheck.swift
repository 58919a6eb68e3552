import Foundation

/// The checks every post passes before it is parsed: size, NUL bytes,
/// UTF-8, and the byte-order mark and CRLF line endings editors leave.
enum InputCheck {
    /// The post as text with `\n` line endings and no BOM.
    static func text(of bytes: [UInt8], path: String, limits: Limits) throws(ConversionError) -> String {
        if bytes.count > limits.maximumBytes {
            throw ConversionError(path: path, reason: .tooLarge(limit: limits.maximumBytes))
        }
        // A UTF-16 or UTF-32 file starts with its byte-order mark and is full
        // of NULs: it is text in the wrong encoding, not a binary file.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
            throw ConversionError(path: path, line: 1, reason: .invalidUTF8)
        }
        // NUL before UTF-8: an image or archive should be called binary, not
        // "invalid UTF-8", and NUL would cut C strings short in the parsers.
        if let nul = firstIndex(of: 0, in: bytes) {
            throw ConversionError(path: path, line: line(at: nul, in: bytes), reason: .binary)
        }
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        guard var text = String(validating: body, as: UTF8.self) else {
            throw ConversionError(path: path, line: line(at: firstInvalidByte(in: body), in: bytes),
                                  reason: .invalidUTF8)
        }
        if firstIndex(of: 13, in: bytes) != nil { text = normalisedLineEndings(text) }
        return text
    }

    /// CRLF and lone CR become LF, so line numbers and front matter fences
    /// read the same whatever editor saved the file.
    static func normalisedLineEndings(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            String(unsafeUninitializedCapacity: input.count) { output in
                var count = 0
                var previousCR = false
                for byte in input {
                    if byte == 13 {
                        output[count] = 10
                        count += 1
                        previousCR = true
                    } else {
                        if !(byte == 10 && previousCR) {
                            output[count] = byte
                            count += 1
                        }
                        previousCR = false
                    }
                }
                return count
            }
        }
    }

    /// `memchr`: these scans run over every byte of every post, and a
    /// generic `firstIndex(of:)` is many times slower in debug builds.
    static func firstIndex(of byte: UInt8, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base, Int32(byte), buffer.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// 1-based line of the byte at `offset`.
    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for byte in bytes[..<offset] where byte == 10 { line += 1 }
        return line
    }

    static func firstInvalidByte(in bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }
}
