import Foundation
import SchemaGenRuntime

/// `--newest`: the full run's "newest 100 messages of a chat" alone, in each state a full run's
/// store can be read in, against tuned SQLite built the same way. Every round builds both engines
/// afresh as the full run does (bulk load, 1,000 single commits, 4,000 commits from 8 threads), in
/// an order that alternates per round (the full run rotates its engines, so a store is built on a
/// fresh heap in some rounds and on one SQLite just freed in others), then reads the store:
/// "memory" as the full run reads it (no checkpoint has run at 1M rows), then after a checkpoint
/// (`pages`: every node a stub, rows and index entries read in place from a fresh map; the first
/// pass checks each record it meets). Each state runs the full run's 5,000 queries `repeats`
/// times, as rows and as typed records, printing queries per second of wall and of thread CPU
/// time (on a loaded machine the second leaves out waits for a core).
enum NewestBenchmark {
    static func run(rows: Int, rounds: Int, repeats: Int, storeOptions: StoreOptions) throws {
        let w = Workload(rows: rows)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-newest-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var rng = SplitMix(state: 1)
        _ = (0..<w.pointReads).map { _ in Int.random(in: 0..<w.rows, using: &rng) }
        // The full run's chats: the same generator, after the same draws.
        let chats = (0..<w.chatQueries).map { _ in Int.random(in: 0..<w.chats, using: &rng) }
        print("newest 100 alone: rows \(rows), queries per pass \(chats.count), passes \(repeats), rounds \(rounds), "
              + "load average at start: \(loadAverage())")
        var cpuRates: [String: [Double]] = [:]
        func build(_ e: Engine) throws {
            try e.bulkLoad()
            try e.singleCommits(ids: w.rows..<(w.rows + w.singleCommits))
            try e.concurrentCommits(ids: (w.rows + w.singleCommits)..<(w.rows + w.singleCommits + w.concurrentCommits))
        }
        func passes(_ label: String, _ body: ([Int]) throws -> Int) throws {
            var line: [String] = []
            for pass in 0..<repeats {
                var n = 0
                let cpuBefore = threadCPUSeconds()
                let seconds = try measure { n = try body(chats) }
                let cpu = threadCPUSeconds() - cpuBefore
                precondition(n == chats.count * 100, "\(label) read \(n) rows")
                let cpuRate = Double(chats.count) / cpu
                cpuRates["\(label) pass \(pass + 1)", default: []].append(cpuRate)
                line.append("\(grouped(Double(chats.count) / seconds))/s wall, \(grouped(cpuRate)) per CPU s")
            }
            print("  \(label): " + line.joined(separator: "; "))
            fflush(nil)
        }
        for round in 0..<rounds {
            let store = try StoreRunner(w, directory: "\(scratch)/store-\(round)", options: storeOptions)
            let sqlite = SQLiteRunner(w, path: "\(scratch)/sqlite-\(round).db", configuration: .tuned(rows: rows))
            let sqliteFirst = round % 2 == 1
            print("round \(round + 1): built \(sqliteFirst ? "SQLite tuned, then the store" : "the store, then SQLite tuned")")
            for e in (sqliteFirst ? [sqlite, store] as [Engine] : [store, sqlite]) { try build(e) }
            try passes("SQLite tuned", sqlite.newestInChat)
            try passes("store memory rows", store.newestInChat)
            try passes("store memory typed", store.typedNewestInChat)
            try store.store.checkpoint()
            try passes("store pages rows", store.newestInChat)
            try passes("store pages typed", store.typedNewestInChat)
            store.remove()
            sqlite.remove()
        }
        for key in cpuRates.keys.sorted() {
            let values = cpuRates[key]!
            print("\(key): median \(grouped(median(values))) (\(grouped(values.min()!))–\(grouped(values.max()!))) queries per CPU second")
        }
        print("load average at end: \(loadAverage())")
    }
}
