import Foundation
import SchemaGenRuntime

/// The workloads on the SchemaGenRuntime store, with synchronous durability (fsync per commit).
final class StoreRunner: Engine {
    static let schema = StoreSchema(tables: [
        TableDefinition("messages", columns: [.init("id", .int), .init("chat", .int), .init("time", .timestamp),
                                              .init("author", .int), .init("text", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byChatTime", on: ["chat", "time"]), IndexDefinition("byAuthor", on: ["author", "time"])]),
        TableDefinition("members", columns: [.init("id", .int), .init("guild", .int), .init("xp", .int)], primaryKey: ["id"],
                        indexes: [IndexDefinition("leaderboard", on: ["guild", .descending("xp")])]),
    ])
    let name: String
    let w: Workload
    let directory: String
    // The defaults: synchronous durability (fsync per commit, group commit) and automatic
    // checkpoints every 64 MiB of log, on the committing thread, so they count in the timings.
    let options: StoreOptions
    var store: Store
    var memoryPerRow = 0.0

    init(_ w: Workload, directory: String, options: StoreOptions = StoreOptions(), name: String = "SchemaGenRuntime") throws {
        self.name = name
        self.w = w
        self.directory = directory
        self.options = options
        store = try Store.open(at: directory, schema: Self.schema, options: options)
    }

    func row(_ i: Int) -> Row {
        let m = w.message(i)
        return [.int(Int64(i)), .int(Int64(m.chat)), .timestamp(m.time), .int(Int64(m.author)), .string(m.text)]
    }

    func bulkLoad() throws {
        let rssBefore = residentBytes()
        var i = 0
        while i < w.rows {
            let end = min(i + w.batch, w.rows)
            try store.write { tx in for j in i..<end { try tx.insert(row(j), into: "messages") } }
            i = end
        }
        try store.write { tx in
            for j in 0..<w.members { let m = w.member(j); try tx.insert([.int(Int64(j)), .int(Int64(m.guild)), .int(Int64(m.xp))], into: "members") }
        }
        memoryPerRow = Double(residentBytes() - rssBefore) / Double(w.rows + w.members)
    }

    func singleCommits(ids: Range<Int>) throws {
        for id in ids { try store.write { tx in _ = try tx.insert(row(id), into: "messages") } }
    }

    func concurrentCommits(ids: Range<Int>) throws {
        let perThread = ids.count / w.concurrentThreads
        let store = self.store
        let rows = (0..<ids.count).map { row(ids.lowerBound + $0) }
        let done = DispatchSemaphore(value: 0)
        for thread in 0..<w.concurrentThreads {
            let mine = Array(rows[(thread * perThread)..<((thread + 1) * perThread)])
            Thread.detachNewThread {
                for r in mine { try! store.write { tx in _ = try tx.insert(r, into: "messages") } }
                done.signal()
            }
        }
        for _ in 0..<w.concurrentThreads { done.wait() }
    }

    func pointReads(_ ids: [Int]) throws -> Int {
        var found = 0
        for id in ids where try store.read({ try $0.get("messages", primaryKey: [.int(Int64(id))]) }) != nil { found += 1 }
        return found
    }

    func newestInChat(_ chats: [Int]) throws -> Int {
        var n = 0
        for chat in chats {
            n += try store.read { try $0.scan("messages", index: "byChatTime", prefix: [.int(Int64(chat))], direction: .backward, limit: 100) }.count
        }
        return n
    }

    func leaderboard(_ guilds: [Int]) throws -> Int {
        var n = 0
        for guild in guilds {
            n += try store.read { try $0.scan("members", index: "leaderboard", prefix: [.int(Int64(guild))], limit: 10) }.count
        }
        return n
    }

    // The same three reads through the typed record API generated repositories use
    // (`RecordOperations.get`, `Query.fetch`), decoding records rather than rows.

    func typedPointReads(_ ids: [Int]) throws -> Int {
        var found = 0
        for id in ids where try store.read({
            try RecordOperations<BenchMessage>.get(primaryKey: [.int(Int64(id))], in: $0, scope: nil)
        }) != nil { found += 1 }
        return found
    }

    func typedNewestInChat(_ chats: [Int]) throws -> Int {
        let access = StoreAccess(store: store)
        var n = 0
        for chat in chats {
            n += try Query<BenchMessage, StoreAccess>(access: access, index: "byChatTime", keyPositions: [1, 2, 0], prefix: [.int(Int64(chat))],
                                                      order: .reverse, scope: nil).fetch(limit: 100).items.count
        }
        return n
    }

    func typedLeaderboard(_ guilds: [Int]) throws -> Int {
        let access = StoreAccess(store: store)
        var n = 0
        for guild in guilds {
            n += try Query<BenchMember, StoreAccess>(access: access, index: "leaderboard", keyPositions: [1, 2, 0], prefix: [.int(Int64(guild))],
                                                     order: .indexOrder, scope: nil).fetch(limit: 10).items.count
        }
        return n
    }

    func expireOldest() throws -> Int {
        try store.expire("messages", timestampColumn: "time", before: .timestamp(w.expiryCutoff), batchSize: 10_000)
    }

    func openAfterCheckpoint() throws -> (seconds: Double, diskPerRow: Double) {
        try store.checkpoint()
        store.close()
        let disk = Double(diskBytes(directory)) / Double(w.rows + w.members)
        let seconds = try timedOpen()
        let count = try store.snapshot.count("messages")
        precondition(count > 0)
        return (seconds, disk)
    }

    func openWithLog() throws -> (seconds: Double, logBytes: Int) {
        let (lastID, logBytes) = try closeWithLog()
        let seconds = try timedOpen()
        let last = try store.snapshot.get("messages", primaryKey: [.int(Int64(lastID))])
        precondition(last != nil, "log not replayed")
        return (seconds, logBytes)
    }

    /// Checkpoints, writes `Workload.logRows` rows in commits of `logBatch`, closes without a
    /// checkpoint: the log an open then replays. Returns the last id written and the log's bytes.
    func closeWithLog() throws -> (lastID: Int, logBytes: Int) {
        try store.checkpoint()
        let first = w.rows * 10
        var id = first
        while id < first + w.logRows {
            let end = id + w.logBatch
            try store.write { tx in for j in id..<end { try tx.insert(row(j), into: "messages") } }
            id = end
        }
        store.close()
        let logBytes = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("wal-") && $0.hasSuffix(".log") }
            .reduce(0) { $0 + diskBytes(directory + "/" + $1) }
        return (id - 1, logBytes)
    }

    /// Opens the closed store again, timing only the open.
    private func timedOpen() throws -> Double {
        // The closed store's memory is freed when it goes, which must not count against the open.
        var opened: Store?
        let seconds = try measure { opened = try Store.open(at: directory, schema: Self.schema, options: options) }
        store = opened!
        return seconds
    }

    /// The generation of the store's newest log: it moves when a checkpoint ran.
    func logGeneration() -> UInt64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name in
            name.hasPrefix("wal-") && name.hasSuffix(".log") ? UInt64(name.dropFirst(4).dropLast(4), radix: 16) : nil
        }.max() ?? 0
    }

    func remove() {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
