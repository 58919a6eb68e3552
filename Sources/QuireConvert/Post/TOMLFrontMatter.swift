import Foundation
import TOMLKit

/// TOML front matter (Hugo's `+++` fences) to `FrontMatterValue`s.
enum TOMLFrontMatter {
    static func parse(_ frontMatter: FrontMatter, path: String, limits: Limits) throws(ConversionError) -> [String: FrontMatterValue] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: frontMatter.text)
        } catch let error as TOMLParseError {
            throw ConversionError(path: path, line: error.source.begin.line + frontMatter.firstLine - 1,
                                  reason: .frontMatter("TOML: \(error.description), column \(error.source.begin.column)"))
        } catch {
            throw ConversionError(path: path, line: frontMatter.firstLine, reason: .frontMatter("TOML: \(error)"))
        }
        // TOML has no aliases, so the size is the text's; the count guards
        // the depth of nested tables and arrays all the same.
        var count = 0
        func fail(_ message: String) -> ConversionError {
            ConversionError(path: path, line: frontMatter.firstLine, reason: .frontMatter("TOML: \(message)"))
        }
        func convert(_ value: TOMLValueConvertible, depth: Int) throws(ConversionError) -> FrontMatterValue {
            count += 1
            if count > limits.maximumFrontMatterNodes { throw fail("too many values (more than \(limits.maximumFrontMatterNodes))") }
            if depth > limits.maximumFrontMatterDepth { throw fail("nested deeper than \(limits.maximumFrontMatterDepth) levels") }
            switch value.type {
            case .table:
                guard let table = value.table else { return .null }
                return .table(try convert(table, depth: depth + 1))
            case .array:
                guard let array = value.array else { return .null }
                var items: [FrontMatterValue] = []
                for item in array { items.append(try convert(item, depth: depth + 1)) }
                return .array(items)
            case .string: return value.string.map(FrontMatterValue.string) ?? .null
            case .int: return value.int.map(FrontMatterValue.integer) ?? .null
            case .double: return value.double.map(FrontMatterValue.double) ?? .null
            case .bool: return value.bool.map(FrontMatterValue.bool) ?? .null
            case .date:
                guard let date = value.date else { return .null }
                return .date(Date(timeIntervalSince1970: Double(PostDate.daysFromCivil(year: date.year, month: date.month, day: date.day)) * 86_400))
            case .time:
                return value.time.map { .string(String(format: "%02d:%02d:%02d", $0.hour, $0.minute, $0.second)) } ?? .null
            case .dateTime:
                guard let stamp = value.dateTime else { return .null }
                // TOMLKit's own `fDate` reads the fields in the machine's time
                // zone and drops the offset; a local date-time is UTC here,
                // an offset date-time is exact.
                let days = PostDate.daysFromCivil(year: stamp.date.year, month: stamp.date.month, day: stamp.date.day)
                var seconds = Double(days) * 86_400
                seconds += Double(stamp.time.hour * 3600 + stamp.time.minute * 60 + stamp.time.second)
                seconds += Double(stamp.time.nanoSecond) / 1_000_000_000
                seconds -= Double((stamp.offset?.offset ?? 0) * 60)
                return .date(Date(timeIntervalSince1970: seconds))
            }
        }
        func convert(_ table: TOMLTable, depth: Int) throws(ConversionError) -> [String: FrontMatterValue] {
            var values: [String: FrontMatterValue] = [:]
            for (key, value) in table { values[key] = try convert(value, depth: depth) }
            return values
        }
        return try convert(table, depth: 0)
    }
}
