import Foundation

/// A read-only view of one old row in a typed transform (``StoreTransform/record(_:toVersion:_:)``):
/// its values by the column names of the version migrated from, with typed accessors that
/// throw ``MigrationRowError`` naming the column when it is missing or holds another type.
public struct MigrationRow: Sendable {
    /// The old row's values by old column name.
    public let values: [String: StoreValue]

    /// A view of `values` (old column name → value).
    public init(_ values: [String: StoreValue]) {
        self.values = values
    }

    /// The value of column `name`, or nil if the old table has no such column.
    public subscript(_ name: String) -> StoreValue? { values[name] }

    /// Column `name` decoded as `type`: a scalar (`String`, `Int64`, `Date`…), an optional of
    /// one (nil for a null), a generated enum, or a nested document type of the OLD version
    /// (its fields in the old order).
    public func decode<T: ColumnValue>(_ type: T.Type, _ name: String) throws -> T {
        guard let value = values[name] else { throw MigrationRowError.missingColumn(name) }
        do { return try T(storeValue: value) } catch {
            throw MigrationRowError.wrongType(column: name, expected: "\(T.self)", found: value, reason: "\(error)")
        }
    }

    /// Column `name` as a string.
    public func string(_ name: String) throws -> String { try decode(String.self, name) }
    /// Column `name` as an integer.
    public func int(_ name: String) throws -> Int64 { try decode(Int64.self, name) }
    /// Column `name` as a double.
    public func double(_ name: String) throws -> Double { try decode(Double.self, name) }
    /// Column `name` as a boolean.
    public func bool(_ name: String) throws -> Bool { try decode(Bool.self, name) }
    /// Column `name` as a date (a stored timestamp).
    public func date(_ name: String) throws -> Date { try decode(Date.self, name) }
    /// Column `name` as a UUID.
    public func uuid(_ name: String) throws -> UUID { try decode(UUID.self, name) }
    /// Whether column `name` holds null (or the old table has no such column).
    public func isNull(_ name: String) -> Bool { values[name]?.isNull ?? true }
}

/// Why a typed transform could not read a column of the old row.
public enum MigrationRowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The old table has no column of this name.
    case missingColumn(String)
    /// The column holds a value that does not decode as `expected`.
    case wrongType(column: String, expected: String, found: StoreValue, reason: String)

    /// A sentence naming the column.
    public var description: String {
        switch self {
        case .missingColumn(let c): return "the old row has no column '\(c)'"
        case .wrongType(let c, let expected, let found, let reason):
            return "column '\(c)' of the old row holds \(found.migrationText), which does not decode as \(expected): \(reason)"
        }
    }
}
