import Foundation
import SchemaGenRuntime

/// The workloads on the SchemaGenRuntime store, with synchronous durability (fsync per commit).
enum StoreRunner {
    static let schema = StoreSchema(tables: [
        TableDefinition("messages", columns: [.init("id", .int), .init("chat", .int), .init("time", .timestamp),
                                              .init("author", .int), .init("text", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byChatTime", on: ["chat", "time"]), IndexDefinition("byAuthor", on: ["author", "time"])]),
        TableDefinition("members", columns: [.init("id", .int), .init("guild", .int), .init("xp", .int)], primaryKey: ["id"],
                        indexes: [IndexDefinition("leaderboard", on: ["guild", .descending("xp")])]),
    ])

    static func row(_ w: Workload, _ i: Int) -> Row {
        let m = w.message(i)
        return [.int(Int64(i)), .int(Int64(m.chat)), .timestamp(m.time), .int(Int64(m.author)), .string(m.text)]
    }

    static func run(_ w: Workload, directory: String) throws -> (rates: [String: Double], memoryPerRow: Double, diskPerRow: Double, openSeconds: Double) {
        var rates: [String: Double] = [:]
        let options = StoreOptions(durability: .synchronous, checkpointLogBytes: 256 << 20)
        var store = try Store.open(at: directory, schema: schema, options: options)
        let rssBefore = residentBytes()
        var t = try measure {
            var i = 0
            while i < w.rows {
                let end = min(i + w.batch, w.rows)
                try store.write { tx in for j in i..<end { try tx.insert(row(w, j), into: "messages") } }
                i = end
            }
            try store.write { tx in
                for j in 0..<w.members { let m = w.member(j); try tx.insert([.int(Int64(j)), .int(Int64(m.guild)), .int(Int64(m.xp))], into: "members") }
            }
        }
        rates["bulk load (rows/s)"] = Double(w.rows + w.members) / t
        let memoryPerRow = Double(residentBytes() - rssBefore) / Double(w.rows + w.members)

        var next = w.rows
        t = try measure {
            for _ in 0..<w.singleCommits {
                let id = next
                next += 1
                try store.write { tx in _ = try tx.insert(row(w, id), into: "messages") }
            }
        }
        rates["durable single-row commits (commits/s)"] = Double(w.singleCommits) / t

        let base = next
        let perThread = w.concurrentCommits / w.concurrentThreads
        let shared = store
        t = measure {
            let done = DispatchSemaphore(value: 0)
            for thread in 0..<w.concurrentThreads {
                Thread.detachNewThread {
                    for k in 0..<perThread {
                        let id = base + thread * perThread + k
                        try! shared.write { tx in _ = try tx.insert(row(w, id), into: "messages") }
                    }
                    done.signal()
                }
            }
            for _ in 0..<w.concurrentThreads { done.wait() }
        }
        rates["concurrent durable commits, 8 threads (commits/s)"] = Double(perThread * w.concurrentThreads) / t

        var rng = SplitMix(state: 1)
        var found = 0
        t = try measure {
            for _ in 0..<w.pointReads {
                let id = Int64.random(in: 0..<Int64(w.rows), using: &rng)
                if try store.read({ try $0.get("messages", primaryKey: [.int(id)]) }) != nil { found += 1 }
            }
        }
        precondition(found == w.pointReads)
        rates["point reads by key (reads/s)"] = Double(w.pointReads) / t

        rng = SplitMix(state: 2)
        t = try measure {
            for _ in 0..<w.chatQueries {
                let chat = Int64.random(in: 0..<Int64(w.chats), using: &rng)
                let rows = try store.read { try $0.scan("messages", index: "byChatTime", prefix: [.int(chat)], direction: .backward, limit: 100) }
                precondition(!rows.isEmpty)
            }
        }
        rates["newest 100 messages of a chat (queries/s)"] = Double(w.chatQueries) / t

        rng = SplitMix(state: 3)
        t = try measure {
            for _ in 0..<w.leaderboardQueries {
                let guild = Int64.random(in: 0..<Int64(w.guilds), using: &rng)
                let rows = try store.read { try $0.scan("members", index: "leaderboard", prefix: [.int(guild)], limit: 10) }
                precondition(rows.count == 10)
            }
        }
        rates["top-10 leaderboard (queries/s)"] = Double(w.leaderboardQueries) / t

        var expired = 0
        t = try measure {
            expired = try store.expire("messages", timestampColumn: "time", before: .timestamp(w.expiryCutoff), batchSize: 10_000)
        }
        precondition(expired == w.rows / 10)
        rates["expire 10% of rows by time (rows/s)"] = Double(expired) / t

        try store.checkpoint()
        store.close()
        let disk = Double(diskBytes(directory)) / Double(w.rows + w.members)
        var openSeconds = 0.0
        openSeconds = try measure { store = try Store.open(at: directory, schema: schema, options: options) }
        rates["open (recover) the store (opens/s)"] = 1 / openSeconds
        store.close()
        return (rates, memoryPerRow, disk, openSeconds)
    }
}
