import CSQLite
import Foundation

/// The same workloads on SQLite with prepared statements, set up as `configuration` says.
final class SQLiteRunner: Engine {
    var name: String { configuration.name }
    let w: Workload
    let path: String
    let configuration: SQLiteConfiguration
    // Optional so that every connection can be closed before an open is timed (statements keep
    // their connection alive).
    var db: SQLiteDatabase!
    var insert: SQLiteDatabase.Statement!
    var get: SQLiteDatabase.Statement!
    var newest: SQLiteDatabase.Statement!
    var top: SQLiteDatabase.Statement!

    init(_ w: Workload, path: String, configuration: SQLiteConfiguration) {
        self.w = w
        self.path = path
        self.configuration = configuration
        db = SQLiteDatabase(path: path, pragmas: configuration.pragmas)
        db.execute("""
            CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, chat INTEGER NOT NULL, time INTEGER NOT NULL, author INTEGER NOT NULL, text TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS byChatTime ON messages(chat, time);
            CREATE INDEX IF NOT EXISTS byAuthor ON messages(author, time);
            CREATE TABLE IF NOT EXISTS members (id INTEGER PRIMARY KEY, guild INTEGER NOT NULL, xp INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS leaderboard ON members(guild, xp DESC);
            """)
        prepare()
    }

    private func prepare() {
        insert = db.prepare("INSERT INTO messages (id, chat, time, author, text) VALUES (?, ?, ?, ?, ?)")
        get = db.prepare("SELECT id, chat, time, author, text FROM messages WHERE id = ?")
        newest = db.prepare("SELECT id, chat, time, author, text FROM messages WHERE chat = ? ORDER BY time DESC LIMIT 100")
        top = db.prepare("SELECT id, guild, xp FROM members WHERE guild = ? ORDER BY xp DESC LIMIT 10")
    }

    func insertMessage(_ statement: SQLiteDatabase.Statement, _ i: Int) {
        let m = w.message(i)
        statement.run([i, m.chat, m.time, m.author, m.text])
    }

    func bulkLoad() throws {
        var i = 0
        while i < w.rows {
            let end = min(i + w.batch, w.rows)
            db.execute("BEGIN")
            for j in i..<end { insertMessage(insert, j) }
            db.execute("COMMIT")
            i = end
        }
        let member = db.prepare("INSERT INTO members (id, guild, xp) VALUES (?, ?, ?)")
        db.execute("BEGIN")
        for j in 0..<w.members { let m = w.member(j); member.run([j, m.guild, m.xp]) }
        db.execute("COMMIT")
    }

    func singleCommits(ids: Range<Int>) throws {
        for id in ids { insertMessage(insert, id) }
    }

    func concurrentCommits(ids: Range<Int>) throws {
        let perThread = ids.count / w.concurrentThreads
        let done = DispatchSemaphore(value: 0)
        let path = self.path, w = self.w, pragmas = configuration.pragmas
        for thread in 0..<w.concurrentThreads {
            Thread.detachNewThread {
                let connection = SQLiteDatabase(path: path, pragmas: pragmas)
                let statement = connection.prepare("INSERT INTO messages (id, chat, time, author, text) VALUES (?, ?, ?, ?, ?)")
                for k in 0..<perThread {
                    let id = ids.lowerBound + thread * perThread + k
                    let m = w.message(id)
                    statement.run([id, m.chat, m.time, m.author, m.text])
                }
                done.signal()
            }
        }
        for _ in 0..<w.concurrentThreads { done.wait() }
    }

    func pointReads(_ ids: [Int]) throws -> Int { ids.reduce(0) { $0 + get.rows([$1]) } }
    func newestInChat(_ chats: [Int]) throws -> Int { chats.reduce(0) { $0 + newest.rows([$1]) } }
    func leaderboard(_ guilds: [Int]) throws -> Int { guilds.reduce(0) { $0 + top.rows([$1]) } }

    func expireOldest() throws -> Int {
        // Batches like the store's expiry, so neither holds one giant transaction.
        let batch = db.prepare("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE time < ? LIMIT 10000)")
        var total = 0
        while true {
            batch.run([w.expiryCutoff])
            let n = Int(sqlite3_changes(db.handle))
            total += n
            if n < 10_000 { return total }
        }
    }

    func openAfterCheckpoint() throws -> (seconds: Double, diskPerRow: Double) {
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        closeConnection()
        let disk = Double(diskBytes(path) + diskBytes(path + "-wal")) / Double(w.rows + w.members)
        let seconds = timedOpen(checking: "SELECT count(*) FROM members")
        return (seconds, disk)
    }

    func openWithLog() throws -> (seconds: Double, logBytes: Int) {
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        guard schemagen_keep_wal_on_close(db.handle) == SQLITE_OK else { fatalError("SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE") }
        let first = w.rows * 10
        var id = first
        while id < first + w.logRows {
            db.execute("BEGIN")
            for j in id..<(id + w.logBatch) { insertMessage(insert, j) }
            db.execute("COMMIT")
            id += w.logBatch
        }
        closeConnection()
        let logBytes = diskBytes(path + "-wal")
        precondition(logBytes > 0, "the WAL was checkpointed away on close")
        // The first connection rebuilds the WAL index from the log (recovery), whether or not the
        // shared-memory file survived; the query shows the last commit is visible.
        let seconds = timedOpen(checking: "SELECT id FROM messages WHERE id = \(id - 1)")
        return (seconds, logBytes)
    }

    /// Closes the connection and its statements (a database already loaded is reopened by
    /// ``init(_:path:configuration:)``, whose tables are created only if missing).
    func closeConnection() {
        insert = nil; get = nil; newest = nil; top = nil
        db = nil
    }

    /// Times opening a connection and answering `query` (SQLite opens lazily, reading the schema
    /// and any log at the first statement), which must return one row.
    private func timedOpen(checking query: String) -> Double {
        var rows = 0
        let seconds = measure {
            db = SQLiteDatabase(path: path, pragmas: configuration.pragmas)
            rows = db.prepare(query).rows([])
        }
        precondition(rows == 1, "\(name): \(query) returned \(rows) rows")
        prepare()
        return seconds
    }

    func remove() {
        closeConnection()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
