import Foundation
import SchemaGenRuntime

/// `--leaderboard`: the full run's top-10 leaderboard alone (`rows / 10` members, 100 guilds,
/// the covering index on guild and descending xp), on three engines built once and read in
/// turns every round: the store with its trees in memory (as the 1M-row full run reads them, no
/// checkpoint having written the members), the store checkpointed and reopened (every node read
/// in place from the page file, as `--read-path` reads it), and tuned SQLite. Each round runs the
/// full run's 20,000 queries `repeats` times per engine; short enough to profile and to A/B. It
/// prints queries per second of wall time and of the thread's CPU time, which on a machine other
/// processes load leaves out the waits for a CPU.
enum LeaderboardBenchmark {
    static func run(rows: Int, rounds: Int, repeats: Int) throws {
        let w = Workload(rows: rows)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-leaderboard-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var rng = SplitMix(state: 1)
        _ = (0..<w.pointReads).map { _ in Int.random(in: 0..<w.rows, using: &rng) }
        _ = (0..<w.chatQueries).map { _ in Int.random(in: 0..<w.chats, using: &rng) }
        // The full run's guilds: the same generator, after the same draws.
        let guilds = (0..<w.leaderboardQueries).map { _ in Int.random(in: 0..<w.guilds, using: &rng) }

        func loadMembers(_ store: Store) throws {
            try store.write { tx in
                for j in 0..<w.members { let m = w.member(j); try tx.insert([.int(Int64(j)), .int(Int64(m.guild)), .int(Int64(m.xp))], into: "members") }
            }
        }
        let inMemory = try StoreRunner(w, directory: "\(scratch)/memory")
        try loadMembers(inMemory.store)
        let paged = try StoreRunner(w, directory: "\(scratch)/pages")
        try loadMembers(paged.store)
        try paged.store.checkpoint()
        paged.store.close()
        paged.store = try Store.open(at: paged.directory, schema: StoreRunner.schema)
        let sqlite = SQLiteRunner(w, path: "\(scratch)/sqlite.db", configuration: .tuned(rows: rows))
        let insert = sqlite.db.prepare("INSERT INTO members (id, guild, xp) VALUES (?, ?, ?)")
        sqlite.db.execute("BEGIN")
        for j in 0..<w.members { let m = w.member(j); insert.run([j, m.guild, m.xp]) }
        sqlite.db.execute("COMMIT")

        let engines: [(String, (([Int]) throws -> Int))] = [
            ("store in memory", inMemory.leaderboard), ("store from pages", paged.leaderboard), ("SQLite tuned", sqlite.leaderboard),
        ]
        print("leaderboard alone: members \(w.members), queries per round \(guilds.count * repeats), rounds \(rounds), "
              + "load average at start: \(loadAverage())")
        // Queries per second of wall time, and per second of this thread's CPU time: on a loaded
        // machine the second leaves out the time spent waiting for a CPU.
        var rates: [String: [Double]] = [:], cpuRates: [String: [Double]] = [:]
        for round in 0..<rounds {
            for turn in engines.indices {
                let (name, run) = engines[(turn + round) % engines.count]
                var n = 0
                let cpuBefore = threadCPUSeconds()
                let seconds = try measure { for _ in 0..<repeats { n += try run(guilds) } }
                let cpu = threadCPUSeconds() - cpuBefore
                precondition(n == guilds.count * repeats * 10, "\(name) read \(n) members")
                let rate = Double(guilds.count * repeats) / seconds
                let cpuRate = Double(guilds.count * repeats) / cpu
                rates[name, default: []].append(rate)
                cpuRates[name, default: []].append(cpuRate)
                print("round \(round + 1) \(name): \(grouped(rate)) queries/s, \(grouped(cpuRate)) per CPU second")
                fflush(nil)
            }
        }
        let f = { (x: Double) in String(format: "%.2f", x) }
        for (label, table) in [("queries/s", rates), ("queries per CPU second", cpuRates)] {
            for (name, _) in engines {
                let values = table[name]!
                print("\(name): median \(grouped(median(values))) (\(grouped(values.min()!))–\(grouped(values.max()!))) \(label)")
            }
            for name in ["store in memory", "store from pages"] {
                let ratios = zip(table[name]!, table["SQLite tuned"]!).map { $0 / $1 }
                print("\(name) ÷ SQLite tuned, \(label): median \(f(median(ratios)))x (\(f(ratios.min()!))–\(f(ratios.max()!)))")
            }
        }
        print("load average at end: \(loadAverage())")
        inMemory.remove()
        paged.remove()
        sqlite.remove()
    }
}

/// CPU time used by the calling thread so far.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
