import SchemaGenPostgres
import Testing

/// The pool bounds connections, queues callers, and replaces broken connections.
@Suite("PostgreSQL connection pool")
struct PoolTests {
    @Test func twoHundredTasksShareFourConnections() async throws {
        let database = try TestDatabase.fresh()
        let pool = PostgresConnectionPool(database.url, maximumConnections: 4)
        let results = try await withThrowingTaskGroup(of: (Int64, Int64, Int32, Int64).self) { group in
            for number in 0..<200 {
                group.addTask {
                    try await pool.withConnection { connection in
                        let rows = try await connection.query(
                            "SELECT $1::int8 * 2, (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())",
                            [.int64(Int64(number))])
                        guard case .int64(let doubled) = rows[0][0], case .int64(let sessions) = rows[0][1] else {
                            throw PostgresError(kind: .decodingFailed, message: "unexpected row \(rows[0].values)")
                        }
                        return (Int64(number), doubled, connection.backendPID, sessions)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.1 == $0.0 * 2 })
        #expect(Set(results.map(\.2)).count <= 4)
        #expect(results.map(\.3).max()! <= 4)  // the server never saw more than four sessions
        #expect(await pool.openConnectionCount <= 4)
        #expect(try database.psqlQuery(
            "SELECT count(*) <= 4 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") == [["t"]])
    }

    @Test func preparedStatementsAreReusedPerConnection() async throws {
        let connection = try await TestDatabase.fresh().connect()
        let before = connection.preparedStatementCount
        for number in 0..<5 {
            let rows = try await connection.query("SELECT $1::int8 + 1", [.int64(Int64(number))])
            #expect(rows[0][0] == .int64(Int64(number) + 1))
        }
        #expect(connection.preparedStatementCount == before + 1)
        // The server holds it too, once.
        let onServer = try await connection.query(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", [.text("SELECT $1::int8 + 1")])
        #expect(onServer[0][0] == .int64(1))
        // Other parameter types are a different statement (the server types $1 from them).
        let afterProbe = connection.preparedStatementCount
        _ = try await connection.query("SELECT $1::int8 + 1", [.int32(1)])
        #expect(connection.preparedStatementCount == afterProbe + 1)
    }

    @Test func atMost256StatementsStayPreparedAndTheOldestGoesFirst() async throws {
        let connection = try await TestDatabase.fresh().connect()
        for number in 0...256 {
            #expect(try await connection.query("SELECT \(number)::int8")[0][0] == .int64(Int64(number)))
        }
        #expect(connection.preparedStatementCount == 257)
        // The server holds the newest 256 (the count query itself is the 257th distinct one, so
        // it and statements 2...256 remain; statements 0 and 1 were deallocated).
        let onServer = try await connection.query(
            "SELECT count(*), count(*) FILTER (WHERE statement IN ('SELECT 0::int8', 'SELECT 1::int8')) FROM pg_prepared_statements")
        #expect(onServer[0].values == [.int64(256), .int64(0)])
    }

    @Test func aCachedStatementSurvivesATableChange() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE item (id bigint PRIMARY KEY); INSERT INTO item VALUES (1);")
        let connection = try await database.connect()
        #expect(try await connection.query("SELECT * FROM item").columns.map(\.name) == ["id"])
        // A migration adds a column while the statement is cached: its plan's result type changed.
        try database.run("ALTER TABLE item ADD COLUMN label text NOT NULL DEFAULT 'x';")
        let rows = try await connection.query("SELECT * FROM item")
        #expect(rows.columns.map(\.name) == ["id", "label"])
        #expect(rows[0].values == [.int64(1), .text("x")])
        // Also after the server forgot every prepared statement.
        try await connection.runScript("DEALLOCATE ALL")
        #expect(try await connection.query("SELECT * FROM item")[0].values == [.int64(1), .text("x")])
    }

    @Test func aStatementGoneStaleInsideATransactionIsDeallocatedAfterIt() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE item (id bigint PRIMARY KEY); INSERT INTO item VALUES (1);")
        let connection = try await database.connect()
        _ = try await connection.query("SELECT * FROM item")
        try database.run("ALTER TABLE item ADD COLUMN label text NOT NULL DEFAULT 'x';")
        // Inside a transaction the stale statement fails the transaction and is dropped from the cache.
        let error = await #expect(throws: PostgresError.self) {
            try await connection.withTransaction { tx in try await tx.query("SELECT * FROM item") }
        }
        #expect(error?.sqlstate == "0A000")
        #expect(try await connection.query("SELECT * FROM item")[0].values == [.int64(1), .text("x")])
        // Once idle again, the dropped statement is gone from the server too: only the new one remains.
        let onServer = try await connection.query(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", [.text("SELECT * FROM item")])
        #expect(onServer[0][0] == .int64(1))
    }

    @Test func aTerminatedBackendIsConnectionLostAndThePoolRecovers() async throws {
        let database = try TestDatabase.fresh()
        let pool = PostgresConnectionPool(database.url, maximumConnections: 1)
        let lost = try await pool.withConnection { connection in
            try database.run("SELECT pg_terminate_backend(\(connection.backendPID));")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT 1")
            }
            #expect(error?.kind == .connectionLost)
            #expect(connection.isReusable == false)
            // Further use fails the same way, without touching the dead socket.
            let again = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
            #expect(again?.kind == .connectionLost)
            return connection.backendPID
        }
        let (pid, value) = try await pool.withConnection { connection in
            (connection.backendPID, try await connection.query("SELECT 7::int8")[0][0])
        }
        #expect(value == .int64(7))
        #expect(pid != lost)
        #expect(await pool.openConnectionCount == 1)
    }

    @Test func aConnectionReturnedMidTransactionIsDiscarded() async throws {
        let database = try TestDatabase.fresh()
        let pool = PostgresConnectionPool(database.url, maximumConnections: 1)
        let abandoned = try await pool.withConnection { connection in
            try await connection.runScript("BEGIN")
            return connection.backendPID
        }
        let next = try await pool.withConnection { connection in
            #expect(connection.isReusable)
            return connection.backendPID
        }
        #expect(next != abandoned)
    }

    @Test func waitersGetConnectionsInTurn() async throws {
        let database = try TestDatabase.fresh()
        let pool = PostgresConnectionPool(database.url, maximumConnections: 1)
        let held = try await pool.acquire()
        let waiter = Task { try await pool.withConnection { $0.backendPID } }
        try await Task.sleep(for: .milliseconds(100))
        #expect(await pool.openConnectionCount == 1)
        await pool.release(held)
        #expect(try await waiter.value == held.backendPID)

        // A waiter whose task is cancelled stops waiting; the pool carries on.
        let again = try await pool.acquire()
        let cancelled = Task { try await pool.withConnection { $0.backendPID } }
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await pool.release(again)
        #expect(try await pool.withConnection { $0.backendPID } == held.backendPID)
        #expect(await pool.openConnectionCount == 1)
        await pool.close()
        let closed = await #expect(throws: PostgresError.self) { try await pool.acquire() }
        #expect(closed?.kind == .connectionFailed)
    }
}
