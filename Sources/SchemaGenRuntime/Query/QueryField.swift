import Foundation

/// One field of `Record` as typed queries see it: its row position, store column name and
/// Swift type. Generated per entity (`Message.queryFields.chatID`), so a misspelled field or
/// a value of the wrong type is a compile error, not a runtime surprise.
public struct QueryField<Record: StoredRecord, Value: QueryValue>: Sendable {
    /// The field's position in the stored row.
    public let position: Int
    /// The store column name (for ``Query/explain()`` and messages).
    public let name: String

    /// A field at `position` of the row, stored in column `name`.
    public init(position: Int, name: String) {
        self.position = position
        self.name = name
    }

    /// Rows whose value is one of `values` (never a null).
    public func isIn(_ values: [Value.QueryOperand]) -> QueryFilter<Record> {
        .oneOf(QueryColumn(position, name), values.map { $0.storeValue })
    }

    /// Rows whose value is null.
    public var isNull: QueryFilter<Record> { .null(QueryColumn(position, name)) }

    /// Rows whose value is not null.
    public var isNotNull: QueryFilter<Record> { .not(.null(QueryColumn(position, name))) }

    /// Rows whose value lies in `range` (nulls never do).
    public func isIn(_ range: KeyRange<Value.QueryOperand>) -> QueryFilter<Record> {
        let column = QueryColumn(position, name)
        let lower: QueryFilter<Record>? = range.lower.map { .compare(column, $0.inclusive ? .greaterOrEqual : .greater, $0.value.storeValue) }
        let upper: QueryFilter<Record>? = range.upper.map { .compare(column, $0.inclusive ? .lessOrEqual : .less, $0.value.storeValue) }
        switch (lower, upper) {
        case let (lower?, upper?): return lower && upper
        case let (lower?, nil): return lower
        case let (nil, upper?): return upper
        case (nil, nil): return isNotNull
        }
    }

    var column: QueryColumn { QueryColumn(position, name) }
}

extension QueryField where Value.QueryOperand == String {
    /// Rows whose string starts with `prefix` (compared by UTF-8 bytes, case-sensitive).
    public func hasPrefix(_ prefix: String) -> QueryFilter<Record> { .prefix(column, prefix) }
}

extension QueryField where Value.QueryOperand == Data {
    /// Rows whose bytes start with `prefix`.
    public func hasPrefix(_ prefix: Data) -> QueryFilter<Record> { .bytesPrefix(column, Array(prefix)) }
}

/// Rows whose field equals `value`.
public func == <Record, Value>(field: QueryField<Record, Value>, value: Value.QueryOperand) -> QueryFilter<Record> {
    .compare(field.column, .equal, value.storeValue)
}
/// Rows whose field is set and differs from `value` (SQL `<>`: nulls do not match).
public func != <Record, Value>(field: QueryField<Record, Value>, value: Value.QueryOperand) -> QueryFilter<Record> {
    .compare(field.column, .notEqual, value.storeValue)
}
/// Rows whose field is less than `value`.
public func < <Record, Value>(field: QueryField<Record, Value>, value: Value.QueryOperand) -> QueryFilter<Record> {
    .compare(field.column, .less, value.storeValue)
}
/// Rows whose field is at most `value`.
public func <= <Record, Value>(field: QueryField<Record, Value>, value: Value.QueryOperand) -> QueryFilter<Record> {
    .compare(field.column, .lessOrEqual, value.storeValue)
}
/// Rows whose field is greater than `value`.
public func > <Record, Value>(field: QueryField<Record, Value>, value: Value.QueryOperand) -> QueryFilter<Record> {
    .compare(field.column, .greater, value.storeValue)
}
/// Rows whose field is at least `value`.
public func >= <Record, Value>(field: QueryField<Record, Value>, value: Value.QueryOperand) -> QueryFilter<Record> {
    .compare(field.column, .greaterOrEqual, value.storeValue)
}

/// Records that answer typed queries: the generated per-entity field list.
public protocol FilterableRecord: StoredRecord {
    /// The generated struct naming every queryable field.
    associatedtype QueryFields: Sendable
    /// The fields, passed to filter and aggregate closures (`filter { $0.chatID == 5 }`).
    static var queryFields: QueryFields { get }
}
