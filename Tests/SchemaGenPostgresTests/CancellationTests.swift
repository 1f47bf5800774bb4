import SchemaGenPostgres
import Testing

/// Cancelling a task stops its statement at either moment: before it is sent (nothing reaches the
/// server) or while it runs (the server cancels it, SQLSTATE 57014). Each test forces its moment
/// with an advisory lock another connection holds, so no test depends on timing.
@Suite("PostgreSQL statement cancellation")
struct CancellationTests {
    /// Waits until the backend `pid` is blocked on an advisory lock, i.e. its statement is on the server.
    private func waitUntilBlockedOnALock(_ pid: Int32, observer: PostgresConnection) async throws {
        while try await observer.query(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1", [.int32(pid)])[0][0] != .int64(1) {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func aStatementWaitingBehindAnotherIsSkippedWhenItsTaskIsCancelled() async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE marker (id bigint PRIMARY KEY);")
        let connection = try await database.connect()
        let holder = try await database.connect()
        try await holder.query("SELECT pg_advisory_lock(7)")
        // The connection is busy with a statement the lock keeps running on the server...
        let blocked = Task { try await connection.query("SELECT pg_advisory_lock(7)") }
        try await waitUntilBlockedOnALock(connection.backendPID, observer: holder)
        // ...so the insert cannot have been sent when its task is cancelled (whether it is queued
        // behind the lock wait yet or not). It waits its turn on the connection, then is skipped.
        let skipped = Task { try await connection.query("INSERT INTO marker VALUES ($1)", [.int64(1)]) }
        skipped.cancel()
        try await holder.query("SELECT pg_advisory_unlock(7)")
        // The cancel did not reach the statement that was running for another task.
        _ = try await blocked.value
        let error = await #expect(throws: PostgresError.self) { try await skipped.value }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.sqlstate == nil)  // raised by the library, not by the server
        #expect(error?.message == "the task was cancelled before the statement was sent")
        // The insert never ran, nor was it even prepared.
        #expect(try database.psqlQuery("SELECT count(*) FROM marker") == [["0"]])
        #expect(try await connection.query(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT%'")[0][0] == .int64(0))
        #expect(connection.isReusable)
        #expect(try await connection.query("SELECT 1::int8")[0][0] == .int64(1))
    }

    @Test func aStatementRunningOnTheServerIsCancelledThere() async throws {
        let database = try TestDatabase.fresh()
        let connection = try await database.connect()
        let holder = try await database.connect()
        try await holder.query("SELECT pg_advisory_lock(7)")
        // A safety net, not a time bound: a lost cancel ends in lock_timeout (55P03), never a hang.
        try await connection.runScript("SET lock_timeout = '300s'")
        let waiter = Task { try await connection.query("SELECT pg_advisory_lock(7)") }
        try await waitUntilBlockedOnALock(connection.backendPID, observer: holder)
        waiter.cancel()
        let error = await #expect(throws: PostgresError.self) { try await waiter.value }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.sqlstate == "57014")
        #expect(error?.message == "canceling statement due to user request")
        #expect(connection.isReusable)
        // Later statements are not hit by a repeat of the cancel: the lock, once free, is taken.
        try await holder.query("SELECT pg_advisory_unlock(7)")
        #expect(try await connection.query("SELECT pg_try_advisory_lock(7)")[0][0] == .bool(true))
        #expect(try await connection.query("SELECT 1::int8")[0][0] == .int64(1))
    }

    @Test func aSleepRunningOnTheServerIsCancelledThere() async throws {
        let database = try TestDatabase.fresh()
        let connection = try await database.connect()
        let observer = try await database.connect()
        let sleeper = Task { try await connection.query("SELECT pg_sleep(300)") }
        // Waits until the server runs the sleep, so the cancel can only take the running path.
        while try await observer.query(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND wait_event = 'PgSleep'",
            [.int32(connection.backendPID)])[0][0] != .int64(1) {
            try await Task.sleep(for: .milliseconds(10))
        }
        sleeper.cancel()
        // A lost cancel would let the sleep return normally (after 300 s), failing this.
        let error = await #expect(throws: PostgresError.self) { try await sleeper.value }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.sqlstate == "57014")
        #expect(connection.isReusable)
        #expect(try await connection.query("SELECT 1::int8")[0][0] == .int64(1))
    }

    /// Both moments inside a pooled transaction: the ROLLBACK still reaches the server, and the
    /// pool hands the same connection, idle and working, to the next caller.
    @Test(arguments: [false, true])
    func aTaskCancelledInAPooledTransactionLeavesItsConnectionIdleForTheNextCaller(whileRunning: Bool) async throws {
        let database = try TestDatabase.fresh()
        try database.run("CREATE TABLE marker (id bigint PRIMARY KEY);")
        let holder = try await database.connect()
        try await holder.query("SELECT pg_advisory_lock(7)")
        let pool = PostgresConnectionPool(database.url, maximumConnections: 1)
        let (inserted, signal) = AsyncStream<Int32>.makeStream()
        let task = Task {
            try await pool.withTransaction { tx in
                try await tx.execute("INSERT INTO marker VALUES (1)")
                signal.yield(tx.connection.backendPID)
                if whileRunning {
                    try await tx.query("SELECT pg_advisory_xact_lock(7)")  // runs until cancelled
                } else {
                    while !Task.isCancelled { await Task.yield() }
                }
                try await tx.execute("INSERT INTO marker VALUES (2)")
            }
        }
        // Cancelled only once the transaction is open and has written.
        var pid: Int32 = 0
        for await backend in inserted {
            pid = backend
            break
        }
        if whileRunning { try await waitUntilBlockedOnALock(pid, observer: holder) }
        task.cancel()
        let error = await #expect(throws: PostgresError.self) { try await task.value }
        #expect(error?.kind == .queryCanceled)
        #expect(error?.sqlstate == (whileRunning ? "57014" : nil))

        // The server sees the backend idle, outside any transaction, and nothing of it committed.
        #expect(try await holder.query("SELECT state FROM pg_stat_activity WHERE pid = $1", [.int32(pid)])[0][0] == .text("idle"))
        #expect(try database.psqlQuery("SELECT count(*) FROM marker") == [["0"]])
        try await pool.withConnection { connection async throws in
            #expect(connection.backendPID == pid)  // kept, not closed and replaced
            #expect(connection.isReusable)
            #expect(try await connection.execute("INSERT INTO marker VALUES (3)") == 1)
        }
        #expect(await pool.openConnectionCount == 1)
        #expect(try database.psqlQuery("SELECT id FROM marker") == [["3"]])
        await pool.close()
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
