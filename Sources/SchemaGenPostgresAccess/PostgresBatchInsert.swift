import SchemaGenPostgres
import SchemaGenRuntime

// Batch inserts as multi-row `INSERT … VALUES (…), (…) RETURNING key`: one round trip for
// thousands of rows instead of one per row.
extension PostgresTableSession {
    /// The most parameters one statement may bind: PostgreSQL's wire protocol counts them in 16 bits.
    static let maximumParameters = 65_535

    /// Inserts `rows` with as few multi-row statements as PostgreSQL's parameter limit allows,
    /// each under a savepoint. When one fails, its rows are inserted again one by one, so the
    /// error thrown is exactly the single insert's for the first failing row (the key of a
    /// unique violation, the foreign key, the writer role); the rows before it stay, so callers
    /// wrap the batch in ``allOrNothing(_:)``. Null auto-increment keys are drawn from the
    /// column's sequence before the statement, so every returned key is checked against its row.
    func insertAll(_ rows: [Row], into table: String) throws -> [[StoreValue]] {
        let t = try catalog.table(table)
        for row in rows { try checkShape(row, t) }
        var keys: [[StoreValue]] = []
        keys.reserveCapacity(rows.count)
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = BatchInsertStatement.end(of: rows, from: start, columns: t.definition.columns.count)
            let chunk = rows[start..<end]
            let keyed = try withReservedKeys(chunk, t)
            let statement = try BatchInsertStatement(keyed, into: t, session: self)
            try connection.runScriptBlocking("SAVEPOINT schemagen_batch_chunk")
            let result: PostgresRows
            do {
                result = try connection.queryBlocking(statement.sql, statement.parameters)
            } catch let error as PostgresError where Self.namesOneRow(error) {
                try connection.runScriptBlocking("ROLLBACK TO SAVEPOINT schemagen_batch_chunk")
                for row in chunk { try insert(row, into: table) }
                // Every row stored alone: the statement failed on no single row's account.
                throw PostgresConstraintErrors.storeError(error, table: t, row: nil, statement: .insert,
                                                          schema: catalog.layouts.schema, role: role)
            } catch let error as PostgresError {
                throw PostgresConstraintErrors.storeError(error, table: t, row: nil, statement: .insert,
                                                          schema: catalog.layouts.schema, role: role)
            }
            try connection.runScriptBlocking("RELEASE SAVEPOINT schemagen_batch_chunk")
            guard result.count == chunk.count else {
                throw PostgresError(kind: .decodingFailed,
                                    message: "a batch insert into \(table) of \(chunk.count) rows returned \(result.count) keys")
            }
            for (row, returned) in zip(keyed, result) {
                let key = try t.primaryKey.indices.map { i in
                    let position = t.primaryKey[i]
                    return try PostgresValueMapping.storeValue(returned[i], column: t.definition.columns[position], type: t.types[position],
                                                               table: table)
                }
                // Every row names its key (auto-increment keys were reserved above), so each
                // returned key proves it belongs to its row: RETURNING's order is not documented.
                for (position, value) in zip(t.primaryKey, key) where row[position] != value {
                    throw PostgresError(kind: .decodingFailed, message: "a batch insert into \(table) returned its keys out of order")
                }
                keys.append(key)
            }
            start = end
        }
        return keys
    }

    /// `chunk` with every null auto-increment key replaced by a value drawn from the column's
    /// own sequence (as its default would draw it, ascending in row order), so the insert names
    /// every key and the returned keys can be checked row by row.
    func withReservedKeys(_ chunk: ArraySlice<Row>, _ t: ServerTable) throws -> [Row] {
        guard t.definition.autoIncrement, let position = t.primaryKey.first else { return Array(chunk) }
        let unkeyed = chunk.indices.filter { chunk[$0][position].isNull }
        guard !unkeyed.isEmpty else { return Array(chunk) }
        let column = t.definition.columns[position].name
        let drawn = try connection.queryBlocking(
            "SELECT nextval(pg_get_serial_sequence($1, $2)) FROM generate_series(1, $3)",
            [.text(SQLName.quoted(t.definition.name)), .text(column), .int64(Int64(unkeyed.count))])
        let values = try drawn.map { returned -> Int64 in
            guard case .int64(let value) = returned[0] else {
                throw PostgresError(kind: .decodingFailed, message: "the key sequence of \(t.definition.name) returned \(returned[0])")
            }
            return value
        }.sorted()
        guard values.count == unkeyed.count else {
            throw PostgresError(kind: .decodingFailed,
                                message: "reserving \(unkeyed.count) keys of \(t.definition.name) returned \(values.count)")
        }
        var rows = Array(chunk)
        for (index, value) in zip(unkeyed, values) { rows[index - chunk.startIndex][position] = .int(value) }
        return rows
    }

    /// Whether `error` is one a single row's insert causes (a constraint or a privilege), so
    /// inserting the rows one by one finds the row and its exact error.
    static func namesOneRow(_ error: PostgresError) -> Bool {
        switch error.kind {
        case .uniqueViolation, .foreignKeyViolation, .checkViolation, .notNullViolation, .insufficientPrivilege: true
        default: false
        }
    }

    /// Runs `body` under a savepoint when a failed write must leave the transaction going
    /// (``protectsEachWrite``); otherwise a throw rolls the whole transaction back anyway.
    func allOrNothing<T>(_ body: () throws -> T) throws -> T {
        guard protectsEachWrite else { return try body() }
        try connection.runScriptBlocking("SAVEPOINT schemagen_all_or_nothing")
        do {
            let result = try body()
            try connection.runScriptBlocking("RELEASE SAVEPOINT schemagen_all_or_nothing")
            return result
        } catch let error as PostgresError where error.kind == .connectionLost {
            throw error
        } catch {
            try connection.runScriptBlocking("ROLLBACK TO SAVEPOINT schemagen_all_or_nothing")
            throw error
        }
    }
}

/// One multi-row `INSERT` naming every column of every row (auto-increment keys included).
struct BatchInsertStatement {
    let sql: String
    let parameters: [PostgresValue]

    /// The index after the last row, from `start`, that one statement can bind.
    static func end(of rows: [Row], from start: Int, columns: Int) -> Int {
        let fitting = max(1, PostgresTableSession.maximumParameters / max(1, columns))
        return min(rows.endIndex, start + fitting)
    }

    init(_ rows: [Row], into t: ServerTable, session: PostgresTableSession) throws {
        let columns = t.definition.columns.indices
        var parameters: [PostgresValue] = []
        parameters.reserveCapacity(rows.count * columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for row in rows {
            var items: [String] = []
            items.reserveCapacity(columns.count)
            for position in columns {
                parameters.append(try session.parameter(row[position], position, t))
                items.append("$\(parameters.count)")
            }
            tuples.append("(" + items.joined(separator: ", ") + ")")
        }
        sql = "INSERT INTO \(SQLName.quoted(t.definition.name)) (" + columns.map(t.quoted).joined(separator: ", ") + ") VALUES "
            + tuples.joined(separator: ", ") + " RETURNING " + t.primaryKey.map(t.selected).joined(separator: ", ")
        self.parameters = parameters
    }
}
