import SchemaGenPostgres
import Testing

/// `withTransaction` is all-or-nothing, and `SET LOCAL` ends with the transaction.
@Suite("PostgreSQL transactions")
struct TransactionTests {
    private struct Abandon: Error, Equatable {}

    private func table() async throws -> (TestDatabase, PostgresConnection) {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL);")
        return (database, try await database.connect())
    }

    @Test func commitStoresEveryStatement() async throws {
        let (database, connection) = try await table()
        let count = try await connection.withTransaction { tx in
            try await tx.execute("INSERT INTO note VALUES (1, 'one')")
            return try await tx.execute("INSERT INTO note VALUES (2, 'two'), (3, 'three')")
        }
        #expect(count == 2)
        #expect(try database.psqlQuery("SELECT count(*) FROM note") == [["3"]])
        #expect(connection.isReusable)
    }

    @Test func throwingRollsBackEverything() async throws {
        let (database, connection) = try await table()
        await #expect(throws: Abandon()) {
            try await connection.withTransaction { tx in
                try await tx.execute("INSERT INTO note VALUES (1, 'one')")
                try await tx.execute("INSERT INTO note VALUES (2, 'two')")
                throw Abandon()
            }
        }
        #expect(try database.psqlQuery("SELECT count(*) FROM note") == [["0"]])
        #expect(connection.isReusable)  // back outside any transaction
    }

    @Test func aFailedStatementWhoseErrorWasCaughtStillRollsBack() async throws {
        let (database, connection) = try await table()
        var caught: PostgresError.Kind?
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { tx in
                try await tx.execute("INSERT INTO note VALUES (1, 'one')")
                do {
                    try await tx.execute("INSERT INTO note VALUES (1, 'again')")
                } catch let duplicate as PostgresError {
                    caught = duplicate.kind  // swallowed, as careless code would
                }
            }
        }
        #expect(caught == .uniqueViolation(constraint: "note_pkey"))
        #expect(error?.kind == .transactionRolledBack)
        #expect(try database.psqlQuery("SELECT count(*) FROM note") == [["0"]])
    }

    @Test func isolationLevelAndReadOnlyApply() async throws {
        let (_, connection) = try await table()
        let level = try await connection.withTransaction(isolationLevel: .serializable, readOnly: true) { tx in
            try await tx.query("SHOW transaction_isolation")[0][0]
        }
        #expect(level == .text("serializable"))
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withTransaction(readOnly: true) { tx in
                try await tx.execute("INSERT INTO note VALUES (1, 'one')")
            }
        }
        #expect(error?.kind == .other(sqlstate: "25006"))  // read_only_sql_transaction
    }

    @Test func thePoolRetriesASerializationFailureAsAWholeTransaction() async throws {
        let (database, other) = try await table()
        try database.run("INSERT INTO note VALUES (1, '0');")
        let pool = PostgresConnectionPool(database.url, maximumConnections: 1)
        var attempts = 0
        try await pool.withTransaction(isolationLevel: .repeatableRead, retries: 2) { tx in
            attempts += 1
            let body = try await tx.query("SELECT body FROM note WHERE id = 1")[0][0]
            if attempts == 1 {
                // A concurrent writer commits after this transaction's snapshot: its update must fail.
                try await other.execute("UPDATE note SET body = body || '+other' WHERE id = 1")
            }
            guard case .text(let text) = body else { throw PostgresError(kind: .decodingFailed, message: "\(body)") }
            try await tx.execute("UPDATE note SET body = $1 WHERE id = 1", [.text(text + "+mine")])
        }
        #expect(attempts == 2)
        #expect(try database.psqlQuery("SELECT body FROM note WHERE id = 1") == [["0+other+mine"]])

        // Without retries the failure is the caller's.
        try database.run("UPDATE note SET body = '0' WHERE id = 1;")
        var once = 0
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withTransaction(isolationLevel: .repeatableRead) { tx in
                once += 1
                try await tx.query("SELECT body FROM note WHERE id = 1")
                try await other.execute("UPDATE note SET body = 'other' WHERE id = 1")
                try await tx.execute("UPDATE note SET body = 'mine' WHERE id = 1")
            }
        }
        #expect(error?.kind == .serializationFailure)
        #expect(once == 1)
    }

    @Test func setLocalQuotesNothingAndEndsWithTheTransaction() async throws {
        let (_, connection) = try await table()
        let owner = #"o'brien "x" \ ; DROP TABLE note; --"#
        let seen = try await connection.withTransaction { tx in
            try await tx.setLocal("app.owner_id", owner)
            return try await tx.query("SELECT current_setting('app.owner_id')")[0][0]
        }
        #expect(seen == .text(owner))
        let after = try await connection.query("SELECT current_setting('app.owner_id', true)")[0][0]
        #expect(after == .text(""))  // the placeholder setting is back to its empty default
    }

    @Test func setLocalDoesNotLeakToTheNextUserOfAPooledConnection() async throws {
        let (database, _) = try await table()
        let pool = PostgresConnectionPool(database.url, maximumConnections: 1)
        let firstPID = try await pool.withTransaction { tx in
            try await tx.setLocal("app.owner_id", "42")
            #expect(try await tx.query("SELECT current_setting('app.owner_id')")[0][0] == .text("42"))
            return tx.connection.backendPID
        }
        let (secondPID, setting) = try await pool.withConnection { connection in
            (connection.backendPID, try await connection.query("SELECT current_setting('app.owner_id', true)")[0][0])
        }
        #expect(secondPID == firstPID)  // the same server session…
        #expect(setting == .text(""))  // …without the owner
    }
}
