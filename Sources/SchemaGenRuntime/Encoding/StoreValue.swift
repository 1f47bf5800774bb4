import Foundation

/// The type of a column, which fixes how its values are validated, stored and ordered.
public enum ColumnType: String, Codable, Sendable, Hashable, CaseIterable {
    /// A signed 64-bit integer.
    case int
    /// An IEEE-754 double.
    case double
    /// A UTF-8 string, ordered by its bytes.
    case string
    /// A boolean; `false` sorts before `true`.
    case bool
    /// Microseconds since the Unix epoch (1970-01-01T00:00:00Z) as a signed 64-bit integer.
    case timestamp
    /// A 16-byte UUID, ordered by its bytes.
    case uuid
    /// Raw bytes, ordered lexicographically.
    case bytes
}

/// One value of a row or of an index key as it crosses the store's API.
///
/// Rows are `[StoreValue]` in the column order of their ``TableDefinition``.
/// Timestamps are `Int64` microseconds since the Unix epoch, so they order and
/// compare exactly; use ``StoreValue/timestamp(_:)-swift.type.method`` to build one from a `Date`.
public enum StoreValue: Sendable, Hashable, Codable {
    /// The absence of a value. Sorts before every other value in an ascending column.
    case null
    /// A signed 64-bit integer.
    case int(Int64)
    /// A double. `-0.0` is stored as `0.0` and every NaN as one canonical NaN that sorts last.
    case double(Double)
    /// A string.
    case string(String)
    /// A boolean.
    case bool(Bool)
    /// Microseconds since the Unix epoch.
    case timestamp(Int64)
    /// A UUID.
    case uuid(UUID)
    /// Raw bytes.
    case bytes([UInt8])

    /// A timestamp value for `date`, truncated to whole microseconds.
    public static func timestamp(_ date: Date) -> StoreValue {
        .timestamp(Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }

    /// Whether this value is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The column type this value belongs to, or `nil` for ``null``.
    public var type: ColumnType? {
        switch self {
        case .null: return nil
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        case .timestamp: return .timestamp
        case .uuid: return .uuid
        case .bytes: return .bytes
        }
    }

    /// The integer payload of an ``int`` or ``timestamp`` value.
    public var intValue: Int64? {
        switch self {
        case .int(let v), .timestamp(let v): return v
        default: return nil
        }
    }

    /// The payload of a ``double(_:)`` value.
    public var doubleValue: Double? {
        if case .double(let v) = self { return v }
        return nil
    }

    /// The payload of a ``string(_:)`` value.
    public var stringValue: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The payload of a ``bool(_:)`` value.
    public var boolValue: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    /// The payload of a ``uuid(_:)`` value.
    public var uuidValue: UUID? {
        if case .uuid(let v) = self { return v }
        return nil
    }

    /// The payload of a ``bytes(_:)`` value.
    public var bytesValue: [UInt8]? {
        if case .bytes(let v) = self { return v }
        return nil
    }

    /// The payload of a ``timestamp(_:)-swift.enum.case`` value as a `Date`.
    public var dateValue: Date? {
        if case .timestamp(let v) = self { return Date(timeIntervalSince1970: Double(v) / 1_000_000) }
        return nil
    }

    /// Orders two values the way an ascending index column orders them:
    /// `null` first, then by value; values of different types order by type.
    public static func compare(_ lhs: StoreValue, _ rhs: StoreValue) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)), (.timestamp(let a), .timestamp(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        default: break
        }
        // Encoding both and comparing bytes is the single source of truth for order,
        // so predicates and indexes can never disagree.
        let a = IndexKeyEncoder.encode([lhs])
        let b = IndexKeyEncoder.encode([rhs])
        return ByteOrder.compare(a, b)
    }
}

/// A row: one value per column, in the column order of its table definition.
public typealias Row = [StoreValue]
