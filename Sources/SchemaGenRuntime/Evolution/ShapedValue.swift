import Foundation

/// A stored value decoded generically through its ``ValueShape``, without any generated type:
/// what a migration converts between the old shape and the new one.
indirect enum ShapedValue {
    case integer(Int64)
    case double(Double)
    case decimal(Decimal)
    case bool(Bool)
    case string(String)
    /// A timestamp or a date: microseconds since 1970.
    case instant(Int64)
    case uuid(UUID)
    case bytes([UInt8])
    case json(JSONValue)
    case objectID([UInt8])
    /// An enum case's raw value.
    case enumCase(String)
    /// One value per field of the document's shape, in its order; `nil` for an absent optional field.
    case document([ShapedValue?])
    case array([ShapedValue])
}

/// A value that does not decode, or does not fit, the shape it is read or converted with.
struct ShapeMismatch: Error {
    /// Where inside the column (`.quietHours.start`, `[3]`); empty for the column itself.
    var path: String
    var reason: String

    init(_ reason: String, at path: String = "") {
        self.path = path
        self.reason = reason
    }
}

extension ValueShape {
    /// The shape a column has when the catalog recorded none: its storage type taken literally.
    static func literal(_ type: ColumnType) -> ValueShape {
        switch type {
        case .int: return .integer(bits: 64)
        case .double: return .double
        case .string: return .string(maxLength: nil)
        case .bool: return .bool
        case .timestamp: return .timestamp
        case .uuid: return .uuid
        case .bytes: return .bytes
        }
    }

    /// A short name for errors (`int32`, `string(20)`, `document Settings`).
    var label: String {
        switch self {
        case .integer(let bits): return "int\(bits)"
        case .double: return "double"
        case .decimal(let p, let s): return "decimal(\(p), \(s))"
        case .bool: return "bool"
        case .string(let n): return n.map { "string(\($0))" } ?? "text"
        case .timestamp: return "timestamp"
        case .date: return "date"
        case .uuid: return "uuid"
        case .bytes: return "bytes"
        case .json: return "json"
        case .objectID: return "objectId"
        case .enumeration(let name, _): return "enum \(name)"
        case .document(let name, _): return "document \(name)"
        case .array(let e, let n): return "[\(e.label)]" + (n.map { " of at most \($0)" } ?? "")
        }
    }
}

extension ColumnDefinition {
    /// The recorded shape, or the literal one of the storage type.
    var effectiveShape: ValueShape { shape ?? .literal(type) }
}
