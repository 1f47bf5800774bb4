import CSQLite
import Foundation

/// The same workloads on SQLite: WAL mode, synchronous=FULL, prepared statements.
final class SQLiteRunner: Engine {
    let name = "SQLite"
    let w: Workload
    let path: String
    var db: SQLiteDatabase
    let insert: SQLiteDatabase.Statement
    let get: SQLiteDatabase.Statement
    let newest: SQLiteDatabase.Statement
    let top: SQLiteDatabase.Statement

    init(_ w: Workload, path: String) {
        self.w = w
        self.path = path
        db = SQLiteDatabase(path: path)
        db.execute("""
            CREATE TABLE messages (id INTEGER PRIMARY KEY, chat INTEGER NOT NULL, time INTEGER NOT NULL, author INTEGER NOT NULL, text TEXT NOT NULL);
            CREATE INDEX byChatTime ON messages(chat, time);
            CREATE INDEX byAuthor ON messages(author, time);
            CREATE TABLE members (id INTEGER PRIMARY KEY, guild INTEGER NOT NULL, xp INTEGER NOT NULL);
            CREATE INDEX leaderboard ON members(guild, xp DESC);
            """)
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
        let path = self.path, w = self.w
        for thread in 0..<w.concurrentThreads {
            Thread.detachNewThread {
                let connection = SQLiteDatabase(path: path)
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

    func closeAndReopen() throws -> (seconds: Double, diskPerRow: Double) {
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let disk = Double(diskBytes(path) + diskBytes(path + "-wal")) / Double(w.rows + w.members)
        let seconds = measure {
            // SQLite opens lazily; the first query is what reads the schema.
            let reopened = SQLiteDatabase(path: path)
            _ = reopened.prepare("SELECT count(*) FROM members").rows([])
        }
        return (seconds, disk)
    }
}
