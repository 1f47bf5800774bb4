/// A JSON or nested-document field of `Record` as typed queries see it: null checks only.
/// There is no equality: the stored binary encoding is not canonical (`0.0` and `-0.0` are equal
/// JSON numbers with two encodings, and strings inside compare by their bytes in the store but
/// by canonical equivalence in Swift), and the SQL targets disagree too (SQLite compares JSON
/// as text, so key order and spelling matter; PostgreSQL's `jsonb` normalizes numbers and keys).
public struct DocumentQueryField<Record: StoredRecord, Value>: Sendable {
    /// The field's position in the stored row.
    public let position: Int
    /// The store column name.
    public let name: String

    /// A document field at `position` of the row, stored in column `name`.
    public init(position: Int, name: String) {
        self.position = position
        self.name = name
    }

    /// Rows whose value is null (a JSON field holding JSON `null` is not: that is a value).
    public var isNull: QueryFilter<Record> { .null(QueryColumn(position, name)) }

    /// Rows whose value is not null.
    public var isNotNull: QueryFilter<Record> { .not(.null(QueryColumn(position, name))) }
}
