import ChatBenchPostgres
import SchemaGenRuntime
import Foundation

/// The workloads on PostgreSQL through the generated repositories (`ChatBenchPostgresDatabase`,
/// from Schemas/chat_bench.schema): every call is a repository call as a bot makes it, a
/// transaction of its own on a pooled connection (`write { }` blocks for the batches), with
/// typed records. The server is the raw-SQL runner's (``PostgresRunner``, same settings), in a
/// database of its own made by the generated DDL, so the two PostgreSQL columns differ by the
/// access layer and the DDL: `sent_at` is a `timestamptz` (the raw runner's `time` a bigint), and
/// the DDL adds the retention job's index on it.
final class PostgresRepositoryRunner: Engine {
    /// The generated DDL, beside this package's sources.
    static let ddl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Generated/chat_bench/sql/postgres.sql")
    /// The schema's rule `delete after 30d by sent_at`.
    static let retention: TimeInterval = 30 * 86_400

    let name = "PostgreSQL repositories"
    let w: Workload
    /// Opens are the server's, measured by the raw runner; this engine measures the access layer.
    let measuresOpens = false
    private let server: PostgresRunner
    private let db: ChatBenchPostgresDatabase

    init(_ w: Workload, directory: String) throws {
        self.w = w
        server = try PostgresRunner(w, directory: directory)
        let conninfo = try server.createDatabase("repositories", script: String(contentsOf: Self.ddl, encoding: .utf8))
        db = try ChatBenchPostgresDatabase.connect(url: conninfo, maximumConnections: w.concurrentThreads)
    }

    func message(_ i: Int) -> Message {
        let m = w.message(i)
        return Message(id: Int64(i), chat: Int64(m.chat), sentAt: StoreTime.date(m.time), author: Int64(m.author), body: m.text)
    }

    /// One repository `insertAll` (a transaction of multi-row statements) per batch of `Workload.batch` rows.
    func bulkLoad() throws {
        var i = 0
        while i < w.rows {
            let end = min(i + w.batch, w.rows)
            try db.messages.insertAll((i..<end).map(message))
            i = end
        }
        try db.members.insertAll((0..<w.members).map { j in
            let m = w.member(j)
            return Member(id: Int64(j), guild: Int64(m.guild), xp: Int64(m.xp))
        })
    }

    func singleCommits(ids: Range<Int>) throws {
        for id in ids { _ = try db.messages.insert(message(id)) }
    }

    /// Eight threads inserting through the one pool (eight connections), as eight tasks of a bot would.
    func concurrentCommits(ids: Range<Int>) throws {
        let perThread = ids.count / w.concurrentThreads
        let records = (0..<ids.count).map { message(ids.lowerBound + $0) }
        let db = self.db
        let failures = FailureCount()
        let done = DispatchSemaphore(value: 0)
        for thread in 0..<w.concurrentThreads {
            let mine = Array(records[(thread * perThread)..<((thread + 1) * perThread)])
            Thread.detachNewThread {
                for record in mine {
                    do { _ = try db.messages.insert(record) } catch { failures.add() }
                }
                done.signal()
            }
        }
        for _ in 0..<w.concurrentThreads { done.wait() }
        guard failures.count == 0 else { throw BenchmarkFailure("\(name): \(failures.count) concurrent inserts failed") }
    }

    func pointReads(_ ids: [Int]) throws -> Int {
        var found = 0
        for id in ids where try db.messages.get(id: Int64(id)) != nil { found += 1 }
        return found
    }

    /// The newest 100 messages of each chat: one page of the index query, newest first.
    func newestInChat(_ chats: [Int]) throws -> Int {
        try chats.reduce(0) { $0 + (try db.messages.byChatSentAt(chat: Int64($1), order: .reverse).fetch(limit: 100).items.count) }
    }

    /// The top 10 of each guild: one page of the descending index query.
    func leaderboard(_ guilds: [Int]) throws -> Int {
        try guilds.reduce(0) { $0 + (try db.members.byGuildXP(guild: Int64($1)).fetch(limit: 10).items.count) }
    }

    /// The generated sweep, as of the instant that makes the rule's cutoff the workload's: the
    /// rule's job in one transaction.
    func expireOldest() throws -> Int {
        try db.messages.sweep(now: StoreTime.date(w.expiryCutoff).addingTimeInterval(Self.retention)).expired
    }

    func openAfterCheckpoint() throws -> (seconds: Double, diskPerRow: Double) {
        throw BenchmarkFailure("\(name) measures no opens (the raw runner's server opens are the same)")
    }

    func openWithLog() throws -> (seconds: Double, logBytes: Int) {
        throw BenchmarkFailure("\(name) measures no opens (the raw runner's server opens are the same)")
    }

    func remove() {
        db.close()
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
