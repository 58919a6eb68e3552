import Foundation

/// A leading JSON object (Hugo's third front matter form) to `FrontMatterValue`s.
enum JSONFrontMatter {
    static func parse(_ frontMatter: FrontMatter, path: String, limits: Limits) throws(ConversionError) -> [String: FrontMatterValue] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(frontMatter.text.utf8), options: [])
        } catch {
            let nsError = error as NSError
            var why = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "the object does not parse"
            var line = frontMatter.firstLine
            // Foundation says where only in prose: "… around character 26."
            // (or, on Darwin, also as NSJSONSerializationErrorIndex).
            var offset = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int
            if let range = why.range(of: " around character ") {
                let digits = why[range.upperBound...].prefix { $0.isNumber }
                offset = offset ?? Int(digits)
                why = String(why[..<range.lowerBound])
            }
            if let offset {
                let before = frontMatter.text.utf8.prefix(offset)
                line += before.lazy.filter { $0 == 10 }.count
                let column = before.count - (before.lastIndex(of: 10).map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
                why += ", column \(column)"
            }
            throw ConversionError(path: path, line: line, reason: .frontMatter("JSON: \(why)"))
        }
        var count = 0
        func fail(_ message: String) -> ConversionError {
            ConversionError(path: path, line: frontMatter.firstLine, reason: .frontMatter("JSON: \(message)"))
        }
        func convert(_ value: Any, depth: Int) throws(ConversionError) -> FrontMatterValue {
            count += 1
            if count > limits.maximumFrontMatterNodes { throw fail("too many values (more than \(limits.maximumFrontMatterNodes))") }
            if depth > limits.maximumFrontMatterDepth { throw fail("nested deeper than \(limits.maximumFrontMatterDepth) levels") }
            switch value {
            case let string as String:
                return .string(string)
            case let number as NSNumber:
                // JSON's true and false come back as NSNumbers too, of type
                // `c` (char); 1 and 0 come back as integers, so they stay numbers.
                switch String(cString: number.objCType) {
                case "c", "B": return .bool(number.boolValue)
                case "d", "f": return .double(number.doubleValue)
                case "Q" where number.uint64Value > UInt64(Int.max): return .double(number.doubleValue)
                default: return .integer(number.intValue)
                }
            case let array as [Any]:
                var items: [FrontMatterValue] = []
                for item in array { items.append(try convert(item, depth: depth + 1)) }
                return .array(items)
            case let object as [String: Any]:
                var table: [String: FrontMatterValue] = [:]
                for (key, item) in object { table[key] = try convert(item, depth: depth + 1) }
                return .table(table)
            case is NSNull:
                return .null
            default:
                return .string("\(value)")
            }
        }
        guard case let .table(table) = try convert(object, depth: 0) else {
            throw fail("front matter must be an object")
        }
        return table
    }
}
