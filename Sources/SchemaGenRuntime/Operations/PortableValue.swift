import Foundation

/// A stored value read through its column's ``ValueShape``, with what it means spelled out
/// instead of how the store encodes it: a decimal as its exact text rather than a scaled integer,
/// a date apart from a timestamp, a nested document's fields by name rather than packed bytes.
/// What an export to another engine writes (`schemagen store export`).
public indirect enum PortableValue: Sendable, Hashable {
    /// No value (a null column, or an absent optional document field in an array).
    case null
    /// A signed integer.
    case integer(Int64)
    /// An IEEE-754 double (NaN and infinities included).
    case double(Double)
    /// An exact decimal as plain text: `-12.5`, `0.001`, `42`.
    case decimal(String)
    /// A boolean.
    case bool(Bool)
    /// A string (also a string enum's raw value, see ``enumCase(_:)``).
    case string(String)
    /// An enum case's raw value.
    case enumCase(String)
    /// An instant, in microseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    /// A calendar date, as the microseconds of its midnight UTC.
    case date(Int64)
    /// A UUID.
    case uuid(UUID)
    /// Raw bytes.
    case bytes([UInt8])
    /// A JSON value.
    case json(JSONValue)
    /// A 12-byte object id.
    case objectID([UInt8])
    /// A nested document: its present fields by schema name, in the shape's order (an absent
    /// optional field is left out).
    case document([PortableField])
    /// An array's elements in order.
    case array([PortableValue])
}

/// One present field of a ``PortableValue/document(_:)``.
public struct PortableField: Sendable, Hashable {
    /// The field's schema name.
    public var name: String
    /// Its value.
    public var value: PortableValue

    /// The field `name` holding `value`.
    public init(_ name: String, _ value: PortableValue) {
        self.name = name
        self.value = value
    }
}

/// A stored value that does not decode as its column's shape (a damaged or foreign store).
public struct PortableValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The column.
    public var column: String
    /// Where inside the column (`.quiet_hours.start`, `[3]`); empty for the column itself.
    public var path: String
    /// What is wrong.
    public var reason: String

    public var description: String { "column '\(column)\(path)': \(reason)" }
}

extension ColumnDefinition {
    /// `value`, a value of this column, read through the column's shape (its storage type taken
    /// literally when the catalog recorded none).
    /// - Throws: ``PortableValueError`` when the stored bytes do not decode as the shape.
    public func portableValue(_ value: StoreValue) throws -> PortableValue {
        if value.isNull { return .null }
        let shape = effectiveShape
        do {
            return Self.portable(try DocumentCodec.decodeColumn(value, shape: shape), shape: shape)
        } catch let mismatch as ShapeMismatch {
            throw PortableValueError(column: name, path: mismatch.path, reason: mismatch.reason)
        }
    }

    private static func portable(_ value: ShapedValue, shape: ValueShape) -> PortableValue {
        switch (value, shape) {
        case (.integer(let v), _): return .integer(v)
        case (.double(let v), _): return .double(v)
        case (.decimal(let v), _): return .decimal(v.description)
        case (.bool(let v), _): return .bool(v)
        case (.string(let v), _): return .string(v)
        case (.enumCase(let v), _): return .enumCase(v)
        case (.instant(let v), .date): return .date(v)
        case (.instant(let v), _): return .timestamp(v)
        case (.uuid(let v), _): return .uuid(v)
        case (.bytes(let v), _): return .bytes(v)
        case (.json(let v), _): return .json(v)
        case (.objectID(let v), _): return .objectID(v)
        case (.document(let values), .document(_, let fields)):
            return .document(zip(fields, values).compactMap { field, value in
                value.map { PortableField(field.name, portable($0, shape: field.shape)) }
            })
        case (.array(let elements), .array(let element, _)):
            return .array(elements.map { portable($0, shape: element) })
        case (.document, _), (.array, _):
            // DocumentCodec reads documents and arrays only through their own shapes.
            preconditionFailure("a decoded \(shape.label) holds a document or array")
        }
    }
}

extension Snapshot {
    /// The largest auto-increment id `table` ever assigned or had inserted (0 when none, or when
    /// the table has no auto-increment key): ids are never reused, so an engine taking over the
    /// table continues after it even when the rows holding the largest ids were deleted.
    public func lastAutoIncrementID(_ table: String) throws -> Int64 {
        state.tables[try schema.table(table).id].lastAutoID
    }
}
