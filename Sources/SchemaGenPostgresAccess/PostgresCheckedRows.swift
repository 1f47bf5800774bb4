import SchemaGenPostgres
import SchemaGenRuntime

/// Rows of a pushed-down scan whose filter keeps terms for Swift: the server selects by the
/// others in keyset batches, Swift checks the rest on each row.
extension PostgresPushdownStatement {
    /// The rows the translated conditions select that also pass ``residual``, up to ``limit``:
    /// read in keyset batches (`… AND key > last ORDER BY key LIMIT n`), so a query that needs
    /// few rows reads few.
    func checkedRows(on connection: PostgresConnection, table: ServerTable) throws -> [Row] {
        let wanted = limit.map { Swift.max(0, $0) } ?? Int.max
        var rows: [Row] = []
        var after: [StoreValue]?
        while rows.count < wanted {
            var statement = scan
            if let after { try statement.bound(keys[...], after, later: direction == .forward, inclusive: false) }
            let sql = "SELECT \(statement.selectList) FROM \(SQLName.quoted(table.definition.name))\(statement.whereClause)"
                + statement.orderBy(keys, direction: direction) + " LIMIT \(PostgresTableSession.batchSize)"
            let batch = try Self.rows(try connection.queryBlocking(sql, statement.parameters), table: table)
            for row in batch where rows.count < wanted && residual.allSatisfy({ $0(row) }) { rows.append(row) }
            guard batch.count == PostgresTableSession.batchSize, let last = batch.last else { break }
            after = keys.map { last[$0.position] }
        }
        return rows
    }
}

extension ServerTable {
    /// A fetched row of every column (selected with ``PostgresScanStatement/selectList``) as the
    /// store's row: the one place reads decode rows (dates, decimals and documents by their column).
    func storeRow(_ fetched: PostgresRow) throws -> Row {
        try definition.columns.indices.map { try storeValue(fetched[$0], at: $0) }
    }

    /// A fetched value of the column at `position` (or of an expression of its type: a group
    /// key, a minimum) as the store's value, decoded as ``storeRow(_:)`` decodes that column.
    func storeValue(_ fetched: PostgresValue, at position: Int) throws -> StoreValue {
        try PostgresValueMapping.storeValue(fetched, column: definition.columns[position], type: types[position], table: definition.name)
    }
}
