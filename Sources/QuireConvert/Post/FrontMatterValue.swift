import Foundation

/// A front matter value, whichever of YAML, TOML or JSON it came from.
public indirect enum FrontMatterValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case date(Date)
    case array([FrontMatterValue])
    case table([String: FrontMatterValue])
    case null

    /// The value as text where a scalar reads naturally as text.
    public var stringValue: String? {
        switch self {
        case let .string(s): return s
        case let .integer(i): return String(i)
        case let .double(d): return String(d)
        case let .bool(b): return String(b)
        default: return nil
        }
    }
}
