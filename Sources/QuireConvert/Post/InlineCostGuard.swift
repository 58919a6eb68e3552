import Foundation

/// Refuses, before cmark-gfm sees it, Markdown whose inline parsing would
/// cost Debian 12's cmark-gfm (0.29.0.gfm.6) time that grows with a square,
/// the work a post would otherwise spend until its budget stops it:
///
/// - Links after many unclosed brackets in one paragraph (`![[]()`
///   repeated): each link walks the whole bracket stack to deactivate the
///   openers before it, so n links after n openers cost n²/2 steps.
/// - An autolinked address (`www.`, `://`) that ends in many unbalanced
///   `)`: the autolink extension counts the parentheses of the whole
///   address again for every `)` it trims.
///
/// Both are counted in one linear pass as the steps those loops would
/// take, over-estimated where exact tracking would need the parser (code
/// spans, escapes inside links, reference definitions). Real posts are
/// orders of magnitude below the limit: it takes thousands of unclosed
/// brackets before thousands of links in one paragraph, or thousands of
/// trailing `)` on an address of many kilobytes.
enum InlineCostGuard {
    static func check(_ markdown: String, path: String, firstLine: Int, limit: Int) throws(ConversionError) {
        var markdown = markdown
        let failure = markdown.withUTF8 { buffer -> ConversionError? in
            // Most posts are done by an upper bound from two counts (memchr).
            let brackets = count(91, in: buffer), closers = count(93, in: buffer), parens = count(41, in: buffer)
            let bracketBound = brackets.multipliedReportingOverflow(by: closers)
            let autolinkBound = parens.multipliedReportingOverflow(by: buffer.count)
            if !bracketBound.overflow, bracketBound.partialValue <= limit,
               !autolinkBound.overflow, autolinkBound.partialValue <= limit {
                return nil
            }
            if let line = bracketWork(buffer, firstLine: firstLine, limit: limit) {
                return ConversionError(path: path, line: line, reason: .tooComplex(
                    "links after too many unclosed [ in one paragraph (cmark-gfm would take minutes)"))
            }
            if let line = autolinkWork(buffer, firstLine: firstLine, limit: limit) {
                return ConversionError(path: path, line: line, reason: .tooComplex(
                    "a web address ends in too many ) (cmark-gfm would take minutes)"))
            }
            return nil
        }
        if let failure { throw failure }
    }

    private static func count(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard var cursor = buffer.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
        let end = cursor + buffer.count
        var count = 0
        while cursor < end, let found = memchr(cursor, Int32(byte), end - cursor) {
            count += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return count
    }

    /// The steps cmark's "deactivate earlier link openers" loop would take:
    /// for every `]` that may close a link (followed by `(` or `[`), the
    /// openers still on the stack. A blank line ends a paragraph and so
    /// empties the stack. Returns the line where the work passes `limit`.
    static func bracketWork(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, limit: Int) -> Int? {
        var line = firstLine
        var open = 0
        var work = 0
        var lineIsBlank = true
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case 10: // \n
                if lineIsBlank { open = 0 }
                lineIsBlank = true
                line += 1
            case 32, 9, 13:
                break
            case 92: // backslash: an escaped bracket opens nothing
                lineIsBlank = false
                if index + 1 < count, bytes[index + 1] != 10 { index += 1 }
            case 91: // [
                lineIsBlank = false
                open += 1
            case 93: // ]
                lineIsBlank = false
                if open > 0 {
                    open -= 1
                    if index + 1 < count, bytes[index + 1] == 40 || bytes[index + 1] == 91 {
                        work += open
                        if work > limit { return line }
                    }
                }
            default:
                lineIsBlank = false
            }
            index += 1
        }
        return nil
    }

    /// The steps cmark-gfm's `autolink_delim` would take on each word (a
    /// run without white space or `<`, where an autolink ends) that holds
    /// `www.` or `://`: for every unbalanced `)` it trims, a count over
    /// the address up to there. Returns the line of the word that passes
    /// `limit`.
    static func autolinkWork(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, limit: Int) -> Int? {
        var line = firstLine
        var wordLine = firstLine
        var start = 0
        var opening = 0, closing = 0
        var work = 0
        for index in 0...bytes.count {
            let byte: UInt8 = index < bytes.count ? bytes[index] : 32
            switch byte {
            case 32, 9, 10, 11, 12, 13, 60: // white space and <
                if closing > opening {
                    work += trimWork(UnsafeBufferPointer(rebasing: bytes[start..<index]), opening: opening, closing: closing)
                    if work > limit { return wordLine }
                }
                if byte == 10 { line += 1 }
                start = index + 1
                wordLine = line
                opening = 0
                closing = 0
            case 40: opening += 1
            case 41: closing += 1
            default: break
            }
        }
        return nil
    }

    /// `autolink_delim` of cmark-gfm 0.29.0.gfm.6, counting instead of
    /// trimming: the work it does on `word`, or 0 when it is no address.
    private static func trimWork(_ word: UnsafeBufferPointer<UInt8>, opening: Int, closing: Int) -> Int {
        guard contains(word, "www.") || contains(word, "://") else { return 0 }
        var closing = closing
        var end = word.count
        var work = 0
        trimming: while end > 0 {
            switch word[end - 1] {
            case 41: // )
                if closing <= opening { break trimming }
                closing -= 1
                end -= 1
                work += end
            case 63, 33, 46, 44, 58, 42, 95, 126, 39, 34: // ? ! . , : * _ ~ ' "
                end -= 1
            case 59: // ; possibly ending an entity such as &amp;
                guard end >= 2 else { break trimming }
                var back = end - 2
                while back > 0, isLetter(word[back]) { back -= 1 }
                end = back < end - 2 && word[back] == 38 ? back : end - 1
            default:
                break trimming
            }
        }
        return work
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

    /// Glibc's memmem needs _GNU_SOURCE, which Swift does not set; only
    /// words with unbalanced `)` get here, so a plain search will do.
    private static func contains(_ word: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { pattern in
            guard word.count >= pattern.count else { return false }
            for start in 0...(word.count - pattern.count) where word[start] == pattern[0] {
                if (1..<pattern.count).allSatisfy({ word[start + $0] == pattern[$0] }) { return true }
            }
            return false
        }
    }
}
