import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// The kinds of column whose values compare on the server exactly as in the store: integers,
/// strings and enums (by their bytes, `COLLATE "C"`), timestamps, booleans, UUIDs and bytes
/// (both by their bytes), decimals (`numeric` against a `numeric` parameter: exact, and ordered
/// as the store's scaled integers of one scale are) and doubles (`float8`, whose comparisons
/// are the store's index-key order: -0 equals 0, NaN equals NaN and is above +∞). Anything else
/// is evaluated in Swift. Doubles compare alike but do not group or pick a minimum alike
/// (see ``PostgresPushdownStatement/aggregate(_:table:)``).
enum PushableColumn: Sendable, Hashable {
    case integer, text, timestamp, bool, uuid, bytes, decimal, double

    init?(_ table: ServerTable, _ position: Int) {
        switch (table.definition.columns[position].type, table.types[position]) {
        case (.int, .int16), (.int, .int32), (.int, .int64): self = .integer
        case (.string, .text), (.string, .enumeration): self = .text
        case (.timestamp, .timestamptz), (.timestamp, .timestamp): self = .timestamp
        case (.bool, .bool): self = .bool
        case (.uuid, .uuid): self = .uuid
        case (.bytes, .bytea): self = .bytes
        case (.int, .decimal): self = .decimal
        case (.double, .double): self = .double
        default: return nil
        }
    }
}

/// A query's filter terms in SQL with the store's meaning (``QueryFilter``'s three-valued
/// logic is SQL's: a comparison with a null column is unknown, `NOT` keeps unknown, and only
/// rows where the whole condition is true are returned).
extension PostgresScanStatement {
    /// `term` as a SQL condition, every value a parameter; nil when it has no exact SQL
    /// equivalent here (a column kind ``PushableColumn`` leaves out, a null or mistyped value,
    /// text holding NUL, which PostgreSQL text cannot, and the document and array terms
    /// `PostgresDocumentTerms.swift` leaves to Swift).
    mutating func condition<Record>(_ term: QueryFilter<Record>) throws -> String? {
        switch term {
        case .all:
            return "TRUE"
        case .compare(let column, let comparison, let value):
            guard let placeholder = try placeholder(value, column.position) else { return nil }
            return "\(table.comparable(column.position)) \(comparison.sqlSymbol) \(placeholder)"
        case .oneOf(let column, let values):
            guard PushableColumn(table, column.position) != nil else { return nil }
            // The store: false for a value not in an empty list, unknown for a null.
            guard !values.isEmpty else { return "(CASE WHEN \(table.quoted(column.position)) IS NULL THEN NULL ELSE FALSE END)" }
            var placeholders: [String] = []
            for value in values {
                guard let placeholder = try placeholder(value, column.position) else { return nil }
                placeholders.append(placeholder)
            }
            return "\(table.comparable(column.position)) IN (\(placeholders.joined(separator: ", ")))"
        case .null(let column):
            return "\(table.quoted(column.position)) IS NULL"
        case .prefix(let column, let prefix):
            // starts_with compares bytes in the "C" collation, as the store compares UTF-8 bytes.
            guard PushableColumn(table, column.position) == .text, !prefix.utf8.contains(0) else { return nil }
            return "starts_with(\(table.comparable(column.position)), \(bind(.text(prefix))))"
        case .bytesPrefix(let column, let prefix):
            guard PushableColumn(table, column.position) == .bytes else { return nil }
            let start = bind(.bytea(Data(prefix)))
            return "substr(\(table.quoted(column.position)), 1, \(bind(.int32(Int32(prefix.count))))) = \(start)"
        case .emptyArray(let column):
            guard let array = jsonb(column.position) else { return nil }
            return "jsonb_array_length(\(array)) = 0"
        case .arrayContains(let column, let test):
            guard let array = jsonb(column.position), let element = element(test) else { return nil }
            return "\(array) @> jsonb_build_array(\(element))"
        case .derived(let derived, let inner):
            return try derivedCondition(derived, inner)
        case .and(let left, let right):
            guard let a = try condition(left), let b = try condition(right) else { return nil }
            return "(\(a) AND \(b))"
        case .or(let left, let right):
            guard let a = try condition(left), let b = try condition(right) else { return nil }
            return "(\(a) OR \(b))"
        case .not(let inner):
            return try condition(inner).map { "(NOT \($0))" }
        }
    }

    /// A placeholder for `value` compared with the column at `position` (as
    /// ``ServerTable/comparable(_:)`` writes it), nil when the comparison is not exact on the
    /// server: a column kind evaluated in Swift, a null or a value of another type.
    mutating func placeholder(_ value: StoreValue, _ position: Int) throws -> String? {
        guard let kind = PushableColumn(table, position), value.type == table.definition.columns[position].type else { return nil }
        switch (kind, value) {
        // Integers as bigint whatever the column's width: the server compares across widths.
        case (.integer, .int(let v)): return bind(.int64(v))
        case (.text, .string(let v)):
            guard !v.utf8.contains(0) else { return nil }
            return bind(.text(v))
        // Exact bits, NaN and -0.0 included: the server compares them as the store's index key orders them.
        case (.double, .double(let v)): return bind(.double(v))
        // A decimal bound as `numeric` at the column's scale, of any size (the store compares the scaled integers).
        default:
            return bind(try PostgresValueMapping.parameter(value, type: table.types[position], table: table.definition.name,
                                                           column: table.definition.columns[position].name, comparing: true))
        }
    }
}
