import SchemaGenPostgres
import SchemaGenRuntime

/// The table surface (``TableWriter``) over one PostgreSQL connection inside an open
/// transaction: what generated repositories, `RecordOperations` and `Query` read and write
/// through when the database is PostgreSQL.
///
/// Scans fetch keyset batches (`… AND key > last ORDER BY key LIMIT n`), so a query that stops
/// early reads little and no server cursor stays open between rows. Constraint errors come back
/// as the store's `StoreError` cases. Not `Sendable`: it belongs to the transaction that made it.
final class PostgresTableSession: TableWriter {
    let connection: PostgresConnection
    let catalog: PostgresTableCatalog
    /// Whether each write runs under a savepoint, so a failed one changes nothing and the
    /// transaction goes on (as on the store); needed only where the caller may catch and continue.
    let protectsEachWrite: Bool
    /// Each entity's retention jobs, which a sweep inside this transaction runs.
    let retention: [String: [PostgresRetentionJob]]
    /// The role the transaction runs as (`SET LOCAL ROLE`), named in refusals.
    let role: String?
    /// The secret page tokens are sealed with, if any.
    let pageTokenSecret: [UInt8]?
    /// Rows per keyset batch.
    static let batchSize = 256

    init(connection: PostgresConnection, catalog: PostgresTableCatalog, protectsEachWrite: Bool,
         retention: [String: [PostgresRetentionJob]] = [:], role: String? = nil, pageTokenSecret: [UInt8]? = nil) {
        self.connection = connection
        self.catalog = catalog
        self.protectsEachWrite = protectsEachWrite
        self.retention = retention
        self.role = role
        self.pageTokenSecret = pageTokenSecret
    }

    /// Page tokens sealed with the secret the database was connected with.
    var pageTokenSealer: (@Sendable () throws -> PageTokenCodec)? {
        guard let secret = pageTokenSecret else { return nil }
        return { @Sendable in PageTokenCodec(secret: secret) }
    }

    var tableCatalog: TableCatalog { catalog.layouts }

    // MARK: Reads

    func get(_ table: String, primaryKey: [StoreValue]) throws -> Row? {
        let t = try catalog.table(table)
        var statement = PostgresScanStatement(table: t)
        try statement.prefix(t.primaryKey.map { KeyColumn(position: $0, order: .ascending) }, primaryKey)
        let sql = "SELECT \(statement.selectList) FROM \(SQLName.quoted(table))\(statement.whereClause)"
        return try connection.queryBlocking(sql, statement.parameters).first.map { try row($0, of: t) }
    }

    func get(_ table: String, index: String, key: [StoreValue]) throws -> Row? {
        try rows(table, index: index, prefix: key, limit: 1).first
    }

    func forEachRow(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?,
                    direction: ScanDirection, _ body: (Row) throws -> Bool) throws {
        let t = try catalog.table(table)
        let (keys, definition) = try PostgresScanStatement.keyColumns(t, index: index)
        let rest = keys.dropFirst(prefix.count)
        var after: [StoreValue]?
        while true {
            var statement = PostgresScanStatement(table: t)
            try statement.prefix(keys, prefix)
            try statement.range(rest, from: from, to: to)
            if let after { try statement.bound(rest, after, later: direction == .forward, inclusive: false) }
            let sql = "SELECT \(statement.selectList) FROM \(SQLName.quoted(table))\(statement.whereClause)"
                + statement.orderBy(keys, direction: direction) + " LIMIT \(Self.batchSize)"
            let batch = try connection.queryBlocking(sql, statement.parameters)
            for fetched in batch {
                let row = try row(fetched, of: t)
                // A partial index holds only the rows its condition admits.
                if let condition = definition?.condition, !condition.isSatisfied(by: row, columns: t.columnIndex) { continue }
                if try !body(row) { return }
            }
            guard batch.count == Self.batchSize, let last = batch.last else { return }
            let lastRow = try row(last, of: t)
            after = rest.map { lastRow[$0.position] }
        }
    }

    func count(_ table: String) throws -> Int {
        try count(table, index: nil, prefix: [], from: nil, to: nil)
    }

    func count(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?) throws -> Int {
        let t = try catalog.table(table)
        let (keys, definition) = try PostgresScanStatement.keyColumns(t, index: index)
        if definition?.condition != nil {
            var n = 0
            try forEachRow(table, index: index, prefix: prefix, from: from, to: to, direction: .forward) { _ in
                n += 1
                return true
            }
            return n
        }
        var statement = PostgresScanStatement(table: t)
        try statement.prefix(keys, prefix)
        try statement.range(keys.dropFirst(prefix.count), from: from, to: to)
        let result = try connection.queryBlocking("SELECT count(*) FROM \(SQLName.quoted(table))\(statement.whereClause)",
                                                  statement.parameters)
        guard case .int64(let n)? = result.first?[0] else { return 0 }
        return Int(n)
    }

    // MARK: Writes

    @discardableResult
    func insert(_ row: Row, into table: String) throws -> [StoreValue] {
        let t = try catalog.table(table)
        try checkShape(row, t)
        // A null auto-increment key is left to the column's identity default.
        let assigned = t.definition.autoIncrement ? t.primaryKey.first.flatMap { row[$0].isNull ? $0 : nil } : nil
        let positions = t.definition.columns.indices.filter { $0 != assigned }
        let parameters = try positions.map { try parameter(row[$0], $0, t) }
        let values = positions.isEmpty ? " DEFAULT VALUES"
            : " (" + positions.map(t.quoted).joined(separator: ", ") + ") VALUES ("
                + parameters.indices.map { "$\($0 + 1)" }.joined(separator: ", ") + ")"
        let sql = "INSERT INTO \(SQLName.quoted(table))\(values) RETURNING " + t.primaryKey.map(t.selected).joined(separator: ", ")
        let result = try write(sql, parameters, table: t, row: row, kind: .insert)
        guard let key = result.first else { return t.primaryKey.map { row[$0] } }
        return try t.primaryKey.indices.map { i in
            let position = t.primaryKey[i]
            return try PostgresValueMapping.storeValue(key[i], column: t.definition.columns[position], type: t.types[position], table: table)
        }
    }

    func update(_ row: Row, in table: String) throws {
        let t = try catalog.table(table)
        try checkShape(row, t)
        let key = t.primaryKey.map { row[$0] }
        let positions = t.definition.columns.indices.filter { !t.primaryKey.contains($0) }
        guard !positions.isEmpty else {
            guard try get(table, primaryKey: key) != nil else { throw StoreError.rowNotFound(table: table, key: key) }
            return
        }
        var parameters = try positions.map { try parameter(row[$0], $0, t) }
        let assignments = positions.enumerated().map { "\(t.quoted($1)) = $\($0 + 1)" }
        var conditions: [String] = []
        for position in t.primaryKey {
            parameters.append(try parameter(row[position], position, t))
            conditions.append("\(t.quoted(position)) = $\(parameters.count)")
        }
        let sql = "UPDATE \(SQLName.quoted(table)) SET \(assignments.joined(separator: ", ")) WHERE \(conditions.joined(separator: " AND "))"
        guard try write(sql, parameters, table: t, row: row, kind: .update).affectedRowCount > 0 else {
            throw StoreError.rowNotFound(table: table, key: key)
        }
    }

    @discardableResult
    func delete(primaryKey: [StoreValue], from table: String) throws -> Bool {
        let t = try catalog.table(table)
        var parameters: [PostgresValue] = []
        var conditions: [String] = []
        for (position, value) in zip(t.primaryKey, primaryKey) {
            parameters.append(try parameter(value, position, t))
            conditions.append("\(t.quoted(position)) = $\(parameters.count)")
        }
        let sql = "DELETE FROM \(SQLName.quoted(table)) WHERE \(conditions.joined(separator: " AND "))"
        return try write(sql, parameters, table: t, row: nil, kind: .delete).affectedRowCount > 0
    }

    // MARK: Internals

    func row(_ fetched: PostgresRow, of t: ServerTable) throws -> Row { try t.storeRow(fetched) }

    func parameter(_ value: StoreValue, _ position: Int, _ t: ServerTable) throws -> PostgresValue {
        try PostgresValueMapping.parameter(value, type: t.types[position], table: t.definition.name,
                                           column: t.definition.columns[position].name)
    }

    /// The store's row checks (count, types, nullability) before the server sees the row, so
    /// both backends refuse a malformed row with the same `StoreError.invalidRow`.
    func checkShape(_ row: Row, _ t: ServerTable) throws {
        let columns = t.definition.columns
        let name = t.definition.name
        guard row.count == columns.count else {
            throw StoreError.invalidRow(table: name, reason: "\(row.count) values for \(columns.count) columns")
        }
        for (position, (value, column)) in zip(row, columns).enumerated() {
            if value.isNull {
                let assigned = t.definition.autoIncrement && position == t.primaryKey.first
                if !column.isNullable && !assigned { throw StoreError.invalidRow(table: name, reason: "column '\(column.name)' is not nullable") }
            } else if value.type != column.type {
                throw StoreError.invalidRow(table: name, reason: "column '\(column.name)' expects \(column.type), got \(value)")
            }
        }
    }

    /// Runs a write, under a savepoint when ``protectsEachWrite``; constraint errors become `StoreError`s.
    func write(_ sql: String, _ parameters: [PostgresValue], table: ServerTable, row: Row?,
                       kind: PostgresConstraintErrors.Statement) throws -> PostgresRows {
        if protectsEachWrite { try connection.runScriptBlocking("SAVEPOINT schemagen_write") }
        do {
            let result = try connection.queryBlocking(sql, parameters)
            if protectsEachWrite { try connection.runScriptBlocking("RELEASE SAVEPOINT schemagen_write") }
            return result
        } catch let error as PostgresError {
            if protectsEachWrite, error.kind != .connectionLost {
                try connection.runScriptBlocking("ROLLBACK TO SAVEPOINT schemagen_write")
            }
            throw PostgresConstraintErrors.storeError(error, table: table, row: row, statement: kind, schema: catalog.layouts.schema, role: role)
        }
    }
}
