import Foundation
import SchemaGenPostgres

/// The same workloads on PostgreSQL through the SchemaGenPostgres client, over the Unix socket of
/// a server of its own (`PostgresCluster`), with raw SQL like the SQLite runner. Every statement
/// is prepared once per connection by the client; every commit is durable (server defaults).
final class PostgresRunner: Engine {
    let name = "PostgreSQL"
    let w: Workload
    let cluster: PostgresCluster
    private var connection: PostgresConnection!

    private static let insertMessage = "INSERT INTO messages (id, chat, time, author, text) VALUES ($1, $2, $3, $4, $5)"

    init(_ w: Workload, directory: String) throws {
        self.w = w
        cluster = try PostgresCluster(directory: directory)
        try connect()
        try blocking { [connection] in
            try await connection!.runScript("""
                CREATE TABLE messages (id bigint PRIMARY KEY, chat bigint NOT NULL, time bigint NOT NULL, author bigint NOT NULL, text text NOT NULL);
                CREATE INDEX by_chat_time ON messages (chat, time);
                CREATE INDEX by_author ON messages (author, time);
                CREATE TABLE members (id bigint PRIMARY KEY, guild bigint NOT NULL, xp bigint NOT NULL);
                CREATE INDEX leaderboard ON members (guild, xp DESC);
                """)
        }
    }

    /// Creates the database `name` on this runner's server, runs `script` in it (the generated
    /// DDL of the repositories' runner) and returns its libpq connection string.
    func createDatabase(_ name: String, script: String) throws -> String {
        try blocking { [connection] in try await connection!.runScript("CREATE DATABASE \"\(name)\"") }
        let conninfo = cluster.conninfo(database: name)
        let other = try PostgresConnection.connectBlocking(conninfo)
        defer { other.close() }
        try blocking { try await other.runScript(script) }
        return conninfo
    }

    private func connect() throws {
        let conninfo = cluster.conninfo
        connection = try blocking { try await PostgresConnection.connect(conninfo) }
    }

    private func messageParameters(_ i: Int) -> [PostgresValue] {
        let m = w.message(i)
        return [.int64(Int64(i)), .int64(Int64(m.chat)), .int64(m.time), .int64(Int64(m.author)), .text(m.text)]
    }

    /// One statement per batch of `Workload.batch` rows, its columns as arrays (`unnest`): the
    /// client has no COPY, and a round trip per row would measure the socket, not the server.
    func bulkLoad() throws {
        let w = self.w
        try blocking { [connection] in
            let connection = connection!
            var i = 0
            while i < w.rows {
                let end = min(i + w.batch, w.rows)
                let messages = (i..<end).map(w.message)
                try await connection.execute("""
                    INSERT INTO messages (id, chat, time, author, text)
                    SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::text[])
                    """, [
                        .array((i..<end).map { .int64(Int64($0)) }, element: .int64),
                        .array(messages.map { .int64(Int64($0.chat)) }, element: .int64),
                        .array(messages.map { .int64($0.time) }, element: .int64),
                        .array(messages.map { .int64(Int64($0.author)) }, element: .int64),
                        .array(messages.map { .text($0.text) }, element: .text),
                    ])
                i = end
            }
            let members = (0..<w.members).map(w.member)
            try await connection.execute("INSERT INTO members (id, guild, xp) SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[])", [
                .array((0..<w.members).map { .int64(Int64($0)) }, element: .int64),
                .array(members.map { .int64(Int64($0.guild)) }, element: .int64),
                .array(members.map { .int64(Int64($0.xp)) }, element: .int64),
            ])
        }
    }

    /// Each insert its own transaction (autocommit), flushed before it returns.
    func singleCommits(ids: Range<Int>) throws {
        let parameters = ids.map(messageParameters)
        try blocking { [connection] in
            for row in parameters { try await connection!.execute(Self.insertMessage, row) }
        }
    }

    /// Eight connections committing at once (the server groups their WAL flushes); like the
    /// SQLite runner's threads, each opens its connection inside the measured time.
    func concurrentCommits(ids: Range<Int>) throws {
        let threads = w.concurrentThreads
        let perThread = ids.count / threads
        let parameters = ids.map(messageParameters)
        let conninfo = cluster.conninfo
        try blocking {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for thread in 0..<threads {
                    group.addTask {
                        let connection = try await PostgresConnection.connect(conninfo)
                        defer { connection.close() }
                        for k in 0..<perThread { try await connection.execute(Self.insertMessage, parameters[thread * perThread + k]) }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    func pointReads(_ ids: [Int]) throws -> Int {
        try countRows("SELECT id, chat, time, author, text FROM messages WHERE id = $1", ids)
    }

    func newestInChat(_ chats: [Int]) throws -> Int {
        try countRows("SELECT id, chat, time, author, text FROM messages WHERE chat = $1 ORDER BY time DESC LIMIT 100", chats)
    }

    func leaderboard(_ guilds: [Int]) throws -> Int {
        try countRows("SELECT id, guild, xp FROM members WHERE guild = $1 ORDER BY xp DESC LIMIT 10", guilds)
    }

    /// Runs `sql` once per key, one after another, and returns how many rows came back in all.
    private func countRows(_ sql: String, _ keys: [Int]) throws -> Int {
        try blocking { [connection] in
            var total = 0
            for key in keys { total += try await connection!.query(sql, [.int64(Int64(key))]).count }
            return total
        }
    }

    /// In batches of 10,000 rows, each its own transaction, as the SQLite runner does.
    func expireOldest() throws -> Int {
        let cutoff = w.expiryCutoff
        return try blocking { [connection] in
            var total = 0
            while true {
                let n = try await connection!.execute(
                    "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE time < $1 LIMIT 10000)", [.int64(cutoff)])
                total += n
                if n < 10_000 { return total }
            }
        }
    }

    /// Disk per row is the two tables' size with their indexes (`pg_total_relation_size`), not
    /// the cluster's catalogs and WAL; the open is a server start after a clean shutdown.
    func openAfterCheckpoint() throws -> (seconds: Double, diskPerRow: Double) {
        let bytes = try blocking { [connection] in
            let connection = connection!
            try await connection.runScript("CHECKPOINT")
            return try await connection.query(
                "SELECT pg_total_relation_size('messages') + pg_total_relation_size('members')")[0][0]
        }
        guard case .int64(let size) = bytes else { throw BenchmarkFailure("relation size came back as \(bytes)") }
        closeConnection()
        try cluster.stop()
        let seconds = try timedOpen(checking: "SELECT count(*) FROM members")
        return (seconds, Double(size) / Double(w.rows + w.members))
    }

    /// Checkpoints, writes `Workload.logRows` rows in commits of `logBatch`, stops the server
    /// without a checkpoint (`immediate`, as a crash), and times the start that replays the WAL.
    func openWithLog() throws -> (seconds: Double, logBytes: Int) {
        let first = w.rows * 10
        let w = self.w
        let (last, walBytes) = try blocking { [connection] in
            let connection = connection!
            try await connection.runScript("CHECKPOINT")
            var id = first
            while id < first + w.logRows {
                let ids = id..<(id + w.logBatch)
                try await connection.withTransaction { tx in
                    for j in ids {
                        let m = w.message(j)
                        try await tx.execute(Self.insertMessage,
                                             [.int64(Int64(j)), .int64(Int64(m.chat)), .int64(m.time), .int64(Int64(m.author)), .text(m.text)])
                    }
                }
                id += w.logBatch
            }
            let wal = try await connection.query(
                "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::int8 FROM pg_control_checkpoint()")[0][0]
            return (id - 1, wal)
        }
        guard case .int64(let logBytes) = walBytes, logBytes > 0 else { throw BenchmarkFailure("WAL since the checkpoint: \(walBytes)") }
        closeConnection()
        try cluster.stop(immediate: true)
        let seconds = try timedOpen(checking: "SELECT id FROM messages WHERE id = \(last)")
        return (seconds, Int(logBytes))
    }

    private func closeConnection() {
        connection?.close()
        connection = nil
    }

    /// Times a server start, a connection and `query`, which must return one row.
    private func timedOpen(checking query: String) throws -> Double {
        var rows = 0
        let seconds = try measure {
            try cluster.start()
            try connect()
            rows = try blocking { [connection] in try await connection!.query(query).count }
        }
        guard rows == 1 else { throw BenchmarkFailure("\(name): \(query) returned \(rows) rows") }
        return seconds
    }

    func remove() {
        closeConnection()
        cluster.remove()
    }
}

/// Runs `body` to its end from synchronous code: the engines' workloads are synchronous, the
/// client is async. The calling thread waits; `body` runs on the concurrency pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { outcome.result = .success(try await body()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// Carries `blocking`'s result across threads; written before the semaphore is signalled and
/// read after the wait, which orders the two.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
