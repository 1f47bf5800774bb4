/// A result column: its name and PostgreSQL type OID.
public struct PostgresColumn: Sendable, Hashable {
    /// The column's name (`?column?` for an unnamed expression).
    public var name: String
    /// The column's type OID (e.g. 20 for `bigint`); for enums, the database's own OID.
    public var typeOID: UInt32
}

/// One result row: values in column order, also addressable by column name.
public struct PostgresRow: Sendable, Hashable {
    /// The result's columns (shared by every row of a result).
    public let columns: [PostgresColumn]
    /// The values, in column order.
    public let values: [PostgresValue]

    /// The value in column `index`.
    public subscript(index: Int) -> PostgresValue { values[index] }

    /// The value of the first column named `name`, or nil if there is none.
    public subscript(name: String) -> PostgresValue? {
        columns.firstIndex { $0.name == name }.map { values[$0] }
    }
}

/// What a statement returned: its rows (none for most commands) and its command tag.
public struct PostgresRows: Sendable, Hashable, RandomAccessCollection {
    /// The result's columns (empty for a command that returns no rows).
    public let columns: [PostgresColumn]
    /// The rows.
    public let rows: [PostgresRow]
    /// The command tag, e.g. `INSERT 0 3`, `UPDATE 2`, `SELECT 5`.
    public let commandTag: String
    /// Rows inserted, updated, deleted, selected, … as the command tag reports; 0 if it reports none.
    public let affectedRowCount: Int

    /// The first row's index (0).
    public var startIndex: Int { rows.startIndex }
    /// One past the last row's index.
    public var endIndex: Int { rows.endIndex }
    /// The row at `position`.
    public subscript(position: Int) -> PostgresRow { rows[position] }
}
