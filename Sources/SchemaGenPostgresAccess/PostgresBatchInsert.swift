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
    /// wrap the batch in ``allOrNothing(_:)``. A null auto-increment key is `DEFAULT`.
    func insertAll(_ rows: [Row], into table: String) throws -> [[StoreValue]] {
        let t = try catalog.table(table)
        for row in rows { try checkShape(row, t) }
        var keys: [[StoreValue]] = []
        keys.reserveCapacity(rows.count)
        var start = rows.startIndex
        while start < rows.endIndex {
            let statement = try BatchInsertStatement(rows, from: start, into: t, session: self)
            let chunk = rows[start..<statement.end]
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
            for (row, returned) in zip(chunk, result) {
                let key = try t.primaryKey.indices.map { i in
                    let position = t.primaryKey[i]
                    return try PostgresValueMapping.storeValue(returned[i], column: t.definition.columns[position], type: t.types[position],
                                                               table: table)
                }
                // The keys come back in the order of the VALUES list; a given key proves it.
                for (position, value) in zip(t.primaryKey, key) where !row[position].isNull && row[position] != value {
                    throw PostgresError(kind: .decodingFailed, message: "a batch insert into \(table) returned its keys out of order")
                }
                keys.append(key)
            }
            start = statement.end
        }
        return keys
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

/// One multi-row `INSERT`: the rows from `start` that fit under the parameter limit.
struct BatchInsertStatement {
    let sql: String
    let parameters: [PostgresValue]
    /// The index after the last row it inserts.
    let end: Int

    init(_ rows: [Row], from start: Int, into t: ServerTable, session: PostgresTableSession) throws {
        let autoIncrement = t.definition.autoIncrement ? t.primaryKey.first : nil
        let columns = t.definition.columns.indices
        var parameters: [PostgresValue] = []
        var tuples: [String] = []
        var end = start
        while end < rows.endIndex {
            let row = rows[end]
            let assigned = autoIncrement.flatMap { row[$0].isNull ? $0 : nil }
            let needed = columns.count - (assigned == nil ? 0 : 1)
            guard parameters.count + needed <= PostgresTableSession.maximumParameters else { break }
            var items: [String] = []
            items.reserveCapacity(columns.count)
            for position in columns {
                if position == assigned {
                    items.append("DEFAULT")
                } else {
                    parameters.append(try session.parameter(row[position], position, t))
                    items.append("$\(parameters.count)")
                }
            }
            tuples.append("(" + items.joined(separator: ", ") + ")")
            end += 1
        }
        sql = "INSERT INTO \(SQLName.quoted(t.definition.name)) (" + columns.map(t.quoted).joined(separator: ", ") + ") VALUES "
            + tuples.joined(separator: ", ") + " RETURNING " + t.primaryKey.map(t.selected).joined(separator: ", ")
        self.parameters = parameters
        self.end = end
    }
}
