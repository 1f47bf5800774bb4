import Foundation
import SchemaGenPostgresAccess
import SchemaGenRuntime

/// The workloads on PostgreSQL through `PostgresAccess`, the access the generated repositories
/// run on there (`<Schema>PostgresDatabase.connect`): every call is what a repository call
/// becomes, a transaction of its own on a pooled connection (`write { }` blocks for the batches),
/// with the rows as the store's `Row`s. The server, its tables and its settings are the raw-SQL
/// runner's (``PostgresRunner``), so the two PostgreSQL columns differ by the access layer alone.
final class PostgresRepositoryRunner: Engine {
    /// The raw runner's tables as the store layout the access checks them against (`time` is the
    /// raw runner's bigint of microseconds).
    static let schema = StoreSchema(tables: [
        TableDefinition("messages", columns: [.init("id", .int), .init("chat", .int), .init("time", .int),
                                              .init("author", .int), .init("text", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("by_chat_time", on: ["chat", "time"]), IndexDefinition("by_author", on: ["author", "time"])]),
        TableDefinition("members", columns: [.init("id", .int), .init("guild", .int), .init("xp", .int)], primaryKey: ["id"],
                        indexes: [IndexDefinition("leaderboard", on: ["guild", .descending("xp")])]),
    ])
    let name = "PostgreSQL repositories"
    let w: Workload
    /// Opens are the server's, measured by the raw runner; this engine measures the access layer.
    let measuresOpens = false
    private let server: PostgresRunner
    private let access: PostgresAccess

    init(_ w: Workload, directory: String) throws {
        self.w = w
        server = try PostgresRunner(w, directory: directory)
        // The expiry rule's job, as the generated facade embeds the SQL emitter's job for a
        // `delete … by time` rule: one statement, run by the sweep in a transaction of its own.
        let expiry = PostgresRetentionJob(sql: "DELETE FROM \"messages\"\nWHERE \"time\" < \(w.expiryCutoff);")
        access = try PostgresAccess.connect(url: server.cluster.conninfo, schema: Self.schema, retention: ["messages": [expiry]],
                                            maximumConnections: w.concurrentThreads)
    }

    func row(_ i: Int) -> Row {
        let m = w.message(i)
        return [.int(Int64(i)), .int(Int64(m.chat)), .int(m.time), .int(Int64(m.author)), .string(m.text)]
    }

    /// One `write { }` block per batch of `Workload.batch` rows, each row its own insert, as a
    /// repository's `insert` in a block does.
    func bulkLoad() throws {
        var i = 0
        while i < w.rows {
            let end = min(i + w.batch, w.rows)
            try access.withTransaction { tx in for j in i..<end { _ = try tx.insert(row(j), into: "messages") } }
            i = end
        }
        try access.withTransaction { tx in
            for j in 0..<w.members {
                let m = w.member(j)
                _ = try tx.insert([.int(Int64(j)), .int(Int64(m.guild)), .int(Int64(m.xp))], into: "members")
            }
        }
    }

    func singleCommits(ids: Range<Int>) throws {
        for id in ids { try access.withTransaction { tx in _ = try tx.insert(row(id), into: "messages") } }
    }

    /// Eight threads inserting through the one pool (eight connections), as eight tasks of a bot would.
    func concurrentCommits(ids: Range<Int>) throws {
        let perThread = ids.count / w.concurrentThreads
        let rows = (0..<ids.count).map { row(ids.lowerBound + $0) }
        let access = self.access
        let failures = FailureCount()
        let done = DispatchSemaphore(value: 0)
        for thread in 0..<w.concurrentThreads {
            let mine = Array(rows[(thread * perThread)..<((thread + 1) * perThread)])
            Thread.detachNewThread {
                for r in mine {
                    do { try access.withTransaction { tx in _ = try tx.insert(r, into: "messages") } } catch { failures.add() }
                }
                done.signal()
            }
        }
        for _ in 0..<w.concurrentThreads { done.wait() }
        guard failures.count == 0 else { throw BenchmarkFailure("\(name): \(failures.count) concurrent inserts failed") }
    }

    /// Each a repository `get`: one read-only snapshot transaction.
    func pointReads(_ ids: [Int]) throws -> Int {
        var found = 0
        for id in ids where try access.withSnapshot({ try $0.get("messages", primaryKey: [.int(Int64(id))]) }) != nil { found += 1 }
        return found
    }

    func newestInChat(_ chats: [Int]) throws -> Int {
        try chats.reduce(0) { $0 + (try scan("messages", index: "by_chat_time", prefix: $1, direction: .backward, limit: 100)) }
    }

    func leaderboard(_ guilds: [Int]) throws -> Int {
        try guilds.reduce(0) { $0 + (try scan("members", index: "leaderboard", prefix: $1, direction: .forward, limit: 10)) }
    }

    /// Rows an index-prefix query returns, fetched as a repository's `fetch(limit:)` does.
    private func scan(_ table: String, index: String, prefix: Int, direction: ScanDirection, limit: Int) throws -> Int {
        try access.withSnapshot { reader in
            var n = 0
            try reader.forEachRow(table, index: index, prefix: [.int(Int64(prefix))], from: nil, to: nil, direction: direction) { _ in
                n += 1
                return n < limit
            }
            return n
        }
    }

    /// The generated sweep: the rule's job in one transaction.
    func expireOldest() throws -> Int {
        try access.sweep(entity: "messages", table: "messages", primaryKey: [0], rules: [.expire(column: "time", age: nil, condition: nil)],
                         now: Date(), handle: nil).expired
    }

    func openAfterCheckpoint() throws -> (seconds: Double, diskPerRow: Double) {
        throw BenchmarkFailure("\(name) measures no opens (the raw runner's server opens are the same)")
    }

    func openWithLog() throws -> (seconds: Double, logBytes: Int) {
        throw BenchmarkFailure("\(name) measures no opens (the raw runner's server opens are the same)")
    }

    func remove() {
        access.close()
        server.remove()
    }
}

/// Failed inserts of the concurrent workload's threads.
private final class FailureCount: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = 0

    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
