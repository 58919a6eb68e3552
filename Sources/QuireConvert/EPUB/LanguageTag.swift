import Foundation

/// BCP 47 language tags, checked by their syntax (RFC 5646, section 2.1):
/// what `dc:language` and `lang` must hold for EPUBCheck to accept them.
public enum LanguageTag {
    /// The tag in its usual case (`en-GB`, `zh-Hant-TW`), with `_` read as
    /// `-` as locales write it, or nil when it is not a well-formed tag.
    public static func valid(_ raw: String) -> String? {
        var text = raw.trimmingWhitespace
        // Foundation's replacement (2 % of a book) only when there is an underscore.
        if text.utf8.contains(UInt8(ascii: "_")) { text = text.replacingOccurrences(of: "_", with: "-") }
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        var out: [String] = []
        var index = 0
        func alpha(_ s: String, _ range: ClosedRange<Int>) -> Bool { range.contains(s.count) && s.allSatisfy(\.isLetter) }
        func alnum(_ s: String, _ range: ClosedRange<Int>) -> Bool { range.contains(s.count) }
        // A private-use tag alone: x-whatever.
        if parts[0].lowercased() == "x" {
            guard parts.count > 1, parts.dropFirst().allSatisfy({ alnum($0, 1...8) }) else { return nil }
            return parts.map { $0.lowercased() }.joined(separator: "-")
        }
        guard alpha(parts[0], 2...3) || alpha(parts[0], 5...8) else { return nil }
        out.append(parts[0].lowercased())
        index = 1
        // Up to three extended language subtags after a 2-3 letter language.
        var extlangs = 0
        while parts[0].count <= 3, index < parts.count, extlangs < 3, alpha(parts[index], 3...3) {
            out.append(parts[index].lowercased()); index += 1; extlangs += 1
        }
        if index < parts.count, alpha(parts[index], 4...4) {
            let s = parts[index].lowercased()
            out.append(s.prefix(1).uppercased() + s.dropFirst()); index += 1
        }
        if index < parts.count, alpha(parts[index], 2...2) || (parts[index].count == 3 && parts[index].allSatisfy(\.isNumber)) {
            out.append(parts[index].uppercased()); index += 1
        }
        var variants: Set<String> = []
        while index < parts.count {
            let s = parts[index].lowercased()
            let isVariant = alnum(s, 5...8) || (s.count == 4 && s.first!.isNumber)
            guard isVariant else { break }
            guard variants.insert(s).inserted else { return nil }
            out.append(s); index += 1
        }
        var singletons: Set<String> = []
        while index < parts.count {
            let singleton = parts[index].lowercased()
            guard singleton.count == 1 else { return nil }
            if singleton == "x" {
                guard index + 1 < parts.count, parts[(index + 1)...].allSatisfy({ alnum($0, 1...8) }) else { return nil }
                out += parts[index...].map { $0.lowercased() }
                return out.joined(separator: "-")
            }
            guard singletons.insert(singleton).inserted else { return nil }
            out.append(singleton); index += 1
            var count = 0
            while index < parts.count, parts[index].count >= 2, alnum(parts[index], 2...8) {
                out.append(parts[index].lowercased()); index += 1; count += 1
            }
            guard count > 0 else { return nil }
        }
        return out.joined(separator: "-")
    }
}
