import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// Store values to and from PostgreSQL values, column by column: a value keeps its meaning
/// (integers, text, timestamps to the microsecond) and its server type.
enum PostgresValueMapping {
    /// `value` as a parameter written to (or compared with) a column of server type `type`.
    /// Enums compare as text (``ServerTable/comparable(_:)``), so `comparing` sends their text.
    static func parameter(_ value: StoreValue, type: ServerColumnType, table: String, column: String,
                          comparing: Bool = false) throws -> PostgresValue {
        func unfit() -> StoreError {
            .invalidRow(table: table, reason: "column '\(column)' cannot hold \(value) on PostgreSQL (\(type))")
        }
        switch (value, type) {
        case (.null, _): return .null
        case (.int(let v), .int16):
            guard let n = Int16(exactly: v) else { throw unfit() }
            return .int16(n)
        case (.int(let v), .int32):
            guard let n = Int32(exactly: v) else { throw unfit() }
            return .int32(n)
        case (.int(let v), .int64): return .int64(v)
        case (.int(let v), .numeric): return .numeric(PostgresNumeric(Decimal(v)))
        case (.int(let v), .double), (.int(let v), .real): return .double(Double(v))
        case (.double(let v), .double), (.double(let v), .real): return .double(v)
        case (.double(let v), .numeric): return .numeric(PostgresNumeric(Decimal(v)))
        case (.string(let v), .numeric):
            guard let n = PostgresNumeric(v) else { throw unfit() }
            return .numeric(n)
        case (.string(let v), .enumeration(let name)): return comparing ? .text(v) : .enumeration(v, type: name)
        case (.string(let v), .json): return .json(v)
        case (.string(let v), .jsonb): return .jsonb(v)
        case (.string(let v), _): return .text(v)
        case (.bool(let v), .bool): return .bool(v)
        case (.timestamp(let micros), .timestamptz): return .timestamptz(date(micros))
        case (.timestamp(let micros), .timestamp): return .timestamp(date(micros))
        case (.uuid(let v), .uuid): return .uuid(v)
        case (.bytes(let v), .bytea): return .bytea(Data(v))
        default: throw unfit()
        }
    }

    /// A result field as the store value of a column of store type `type`.
    static func storeValue(_ value: PostgresValue, type: ColumnType, table: String, column: String) throws -> StoreValue {
        switch (value, type) {
        case (.null, _): return .null
        case (.int16(let v), .int): return .int(Int64(v))
        case (.int32(let v), .int): return .int(Int64(v))
        case (.int64(let v), .int): return .int(v)
        case (.double(let v), .double): return .double(v)
        case (.numeric(let v), .double): return .double(Double(v.text) ?? .nan)
        case (.numeric(let v), .string): return .string(v.text)
        case (.text(let v), .string), (.json(let v), .string), (.jsonb(let v), .string): return .string(v)
        case (.enumeration(let v, _), .string): return .string(v)
        case (.bool(let v), .bool): return .bool(v)
        case (.timestamptz(let v), .timestamp), (.timestamp(let v), .timestamp): return .timestamp(micros(v))
        case (.uuid(let v), .uuid): return .uuid(v)
        case (.bytea(let v), .bytes): return .bytes([UInt8](v))
        default:
            throw StoreError.invalidRow(table: table, reason: "column '\(column)' read \(value) from PostgreSQL where the store holds \(type)")
        }
    }

    /// Microseconds since the epoch as a `Date` (the client sends it rounded to the microsecond).
    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    /// A `Date` read from the server back to whole microseconds (rounded: the `Double` in
    /// between may fall a hair below the exact value).
    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
