import SchemaGenPostgres
import Testing

/// Cancelling a task stops its statement at either moment: before it is sent (nothing reaches the
/// server) or while it runs (the server cancels it, SQLSTATE 57014). Each test forces one moment.
@Suite("PostgreSQL statement cancellation")
struct CancellationTests {
    @Test func aTaskCancelledBeforeSendingSendsNothing() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE marker (id bigint PRIMARY KEY);")
        let connection = try await database.connect()
        let task = Task { () async throws -> PostgresRows in
            // Only calls the library once the cancellation has certainly happened.
            while !Task.isCancelled { await Task.yield() }
            return try await connection.query("INSERT INTO marker VALUES ($1)", [.int64(1)])
        }
        task.cancel()
        let error = await #expect(throws: PostgresError.self) { try await task.value }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.sqlstate == nil)  // raised by the library, not by the server
        #expect(error?.message == "the task was cancelled before the statement was sent")
        // The insert never ran, nor was it even prepared.
        #expect(try database.psqlQuery("SELECT count(*) FROM marker") == [["0"]])
        #expect(connection.preparedStatementCount == 0)
        #expect(connection.isReusable)
        #expect(try await connection.query("SELECT 1::int8")[0][0] == .int64(1))
    }

    @Test func aTaskCancelledWhileItsStatementRunsIsCancelledByTheServer() async throws {
        let database = try TestDatabase.fresh()
        let connection = try await database.connect()
        let observer = try await database.connect()
        let began = ContinuousClock.now
        let sleeper = Task { try await connection.query("SELECT pg_sleep(300)") }
        // Waits until the server runs the sleep, so the cancel can only take the running path.
        while try await observer.query(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep(300)%'",
            [.int32(connection.backendPID)])[0][0] != .int64(1) {
            try await Task.sleep(for: .milliseconds(20))
        }
        sleeper.cancel()
        let error = await #expect(throws: PostgresError.self) { try await sleeper.value }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.sqlstate == "57014")
        #expect(ContinuousClock.now - began < .seconds(120))
        #expect(connection.isReusable)
        #expect(try await connection.query("SELECT 1::int8")[0][0] == .int64(1))
    }

    @Test func aTaskCancelledInsideATransactionRollsBackAndLeavesTheConnectionOutsideIt() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE marker (id bigint PRIMARY KEY);")
        let connection = try await database.connect()
        let (inserted, signal) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await connection.withTransaction { tx in
                try await tx.execute("INSERT INTO marker VALUES (1)")
                signal.yield()
                while !Task.isCancelled { await Task.yield() }
                try await tx.execute("INSERT INTO marker VALUES (2)")
            }
        }
        // Cancelled only once the transaction is open and has written.
        for await _ in inserted { break }
        task.cancel()
        let error = await #expect(throws: PostgresError.self) { try await task.value }
        #expect(error?.kind == .queryCanceled)
        // The ROLLBACK reached the server although the task was cancelled.
        #expect(connection.isReusable)
        #expect(try database.psqlQuery("SELECT count(*) FROM marker") == [["0"]])
    }

    @Test func aCancelledTaskWhoseTransactionBodyReturnsStillCommits() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE marker (id bigint PRIMARY KEY);")
        let connection = try await database.connect()
        let (inserted, signal) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await connection.withTransaction { tx in
                try await tx.execute("INSERT INTO marker VALUES (1)")
                signal.yield()
                while !Task.isCancelled { await Task.yield() }
            }
        }
        // Cancelled only once the transaction is open and has written.
        for await _ in inserted { break }
        task.cancel()
        try await task.value
        #expect(connection.isReusable)
        #expect(try database.psqlQuery("SELECT count(*) FROM marker") == [["1"]])
    }
}
