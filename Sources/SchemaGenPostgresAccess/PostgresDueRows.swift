import SchemaGenPostgres
import SchemaGenRuntime

/// Rows a retention sweep hands over, selected on the server: for a `handled` rule, the rows
/// whose time is before the rule's bound and that meet the rule's condition, in one statement
/// instead of a scan of the whole table checked in Swift.
extension PostgresTableSession {
    /// The rows of `table` whose column at `timeColumn` is set and before `bound`, and that meet
    /// `condition` as the store evaluates retention and partial-index conditions (two-valued: a
    /// comparison with a null is false, `not` of it true), in primary-key order; nil when the
    /// condition names a column or value the server does not compare exactly as the store
    /// (``PushableColumn``): select those rows in Swift then.
    func dueRows(in table: String, timeColumn: Int, before bound: StoreValue, meeting condition: RowCondition?) throws -> [Row]? {
        let t = try catalog.table(table)
        var statement = PostgresScanStatement(table: t)
        guard let time = try statement.placeholder(bound, timeColumn) else { return nil }
        statement.require("\(t.comparable(timeColumn)) < \(time)")
        if let condition {
            guard let sql = try statement.twoValued(condition) else { return nil }
            statement.require(sql)
        }
        let keys = t.primaryKey.map { KeyColumn(position: $0, order: .ascending) }
        let sql = "SELECT \(statement.selectList) FROM \(SQLName.quoted(table))\(statement.whereClause)"
            + statement.orderBy(keys, direction: .forward)
        return try connection.queryBlocking(sql, statement.parameters).map(t.storeRow)
    }
}

extension PostgresScanStatement {
    /// `condition` in SQL with ``RowCondition``'s two-valued meaning, nil when some part has no
    /// exact translation.
    mutating func twoValued(_ condition: RowCondition) throws -> String? {
        switch condition {
        case .compare(let name, let comparison, let value):
            guard let position = table.columnIndex[name] else { return nil }
            if value.isNull { return "FALSE" }
            guard let placeholder = try placeholder(value, position) else { return nil }
            // Unknown (a null column) is false here, as the store's check says.
            return "COALESCE(\(table.comparable(position)) \(comparison.sqlSymbol) \(placeholder), FALSE)"
        case .isNull(let name):
            return table.columnIndex[name].map { "(\(table.quoted($0)) IS NULL)" }
        case .isNotNull(let name):
            return table.columnIndex[name].map { "(\(table.quoted($0)) IS NOT NULL)" }
        case .and(let parts), .or(let parts):
            var translated: [String] = []
            for part in parts {
                guard let sql = try twoValued(part) else { return nil }
                translated.append(sql)
            }
            let isAnd: Bool
            if case .and = condition { isAnd = true } else { isAnd = false }
            guard !translated.isEmpty else { return isAnd ? "TRUE" : "FALSE" }
            return "(" + translated.joined(separator: isAnd ? " AND " : " OR ") + ")"
        case .not(let inner):
            return try twoValued(inner).map { "(NOT \($0))" }
        }
    }
}
