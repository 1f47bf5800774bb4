import CSQLite
import Foundation

/// The same workloads on SQLite: WAL mode, synchronous=FULL, prepared statements.
enum SQLiteRunner {
    static func run(_ w: Workload, path: String) -> (rates: [String: Double], diskPerRow: Double, openSeconds: Double) {
        var rates: [String: Double] = [:]
        var db: SQLiteDatabase? = SQLiteDatabase(path: path)
        db!.execute("""
            CREATE TABLE messages (id INTEGER PRIMARY KEY, chat INTEGER NOT NULL, time INTEGER NOT NULL, author INTEGER NOT NULL, text TEXT NOT NULL);
            CREATE INDEX byChatTime ON messages(chat, time);
            CREATE INDEX byAuthor ON messages(author, time);
            CREATE TABLE members (id INTEGER PRIMARY KEY, guild INTEGER NOT NULL, xp INTEGER NOT NULL);
            CREATE INDEX leaderboard ON members(guild, xp DESC);
            """)
        let insert = db!.prepare("INSERT INTO messages (id, chat, time, author, text) VALUES (?, ?, ?, ?, ?)")
        func insertMessage(_ i: Int) {
            let m = w.message(i)
            insert.run([i, m.chat, m.time, m.author, m.text])
        }
        var t = measure {
            var i = 0
            while i < w.rows {
                let end = min(i + w.batch, w.rows)
                db!.execute("BEGIN")
                for j in i..<end { insertMessage(j) }
                db!.execute("COMMIT")
                i = end
            }
            let member = db!.prepare("INSERT INTO members (id, guild, xp) VALUES (?, ?, ?)")
            db!.execute("BEGIN")
            for j in 0..<w.members { let m = w.member(j); member.run([j, m.guild, m.xp]) }
            db!.execute("COMMIT")
        }
        rates["bulk load (rows/s)"] = Double(w.rows + w.members) / t

        var next = w.rows
        t = measure {
            for _ in 0..<w.singleCommits {
                insertMessage(next)
                next += 1
            }
        }
        rates["durable single-row commits (commits/s)"] = Double(w.singleCommits) / t

        let base = next
        let perThread = w.concurrentCommits / w.concurrentThreads
        t = measure {
            let done = DispatchSemaphore(value: 0)
            for thread in 0..<w.concurrentThreads {
                Thread.detachNewThread {
                    let connection = SQLiteDatabase(path: path)
                    let statement = connection.prepare("INSERT INTO messages (id, chat, time, author, text) VALUES (?, ?, ?, ?, ?)")
                    for k in 0..<perThread {
                        let id = base + thread * perThread + k
                        let m = w.message(id)
                        statement.run([id, m.chat, m.time, m.author, m.text])
                    }
                    done.signal()
                }
            }
            for _ in 0..<w.concurrentThreads { done.wait() }
        }
        rates["concurrent durable commits, 8 threads (commits/s)"] = Double(perThread * w.concurrentThreads) / t

        let get = db!.prepare("SELECT id, chat, time, author, text FROM messages WHERE id = ?")
        var rng = SplitMix(state: 1)
        var found = 0
        t = measure {
            for _ in 0..<w.pointReads { found += get.rows([Int.random(in: 0..<w.rows, using: &rng)]) }
        }
        precondition(found == w.pointReads)
        rates["point reads by key (reads/s)"] = Double(w.pointReads) / t

        let newest = db!.prepare("SELECT id, chat, time, author, text FROM messages WHERE chat = ? ORDER BY time DESC LIMIT 100")
        rng = SplitMix(state: 2)
        t = measure {
            for _ in 0..<w.chatQueries { precondition(newest.rows([Int.random(in: 0..<w.chats, using: &rng)]) > 0) }
        }
        rates["newest 100 messages of a chat (queries/s)"] = Double(w.chatQueries) / t

        let top = db!.prepare("SELECT id, guild, xp FROM members WHERE guild = ? ORDER BY xp DESC LIMIT 10")
        rng = SplitMix(state: 3)
        t = measure {
            for _ in 0..<w.leaderboardQueries { precondition(top.rows([Int.random(in: 0..<w.guilds, using: &rng)]) == 10) }
        }
        rates["top-10 leaderboard (queries/s)"] = Double(w.leaderboardQueries) / t

        t = measure {
            // Batches like the store's expiry, so neither holds one giant transaction.
            let batch = db!.prepare("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE time < ? LIMIT 10000)")
            while true {
                batch.run([w.expiryCutoff])
                if sqlite3_changes(db!.handle) < 10_000 { break }
            }
        }
        rates["expire 10% of rows by time (rows/s)"] = Double(w.rows / 10) / t

        db!.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db = nil
        let disk = Double(diskBytes(path) + diskBytes(path + "-wal")) / Double(w.rows + w.members)
        var openSeconds = 0.0
        openSeconds = measure {
            // SQLite opens lazily; the first query is what reads the schema.
            let reopened = SQLiteDatabase(path: path)
            _ = reopened.prepare("SELECT count(*) FROM members").rows([])
        }
        rates["open (recover) the store (opens/s)"] = 1 / openSeconds
        return (rates, disk, openSeconds)
    }
}
