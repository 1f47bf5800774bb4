import CSQLite
import Foundation

// Usage: StoreBenchmarks [--rows N] [--rounds R] [--store-only] [--no-postgres] [--store-format page-file|snapshot-file]
//                        [--checkpoint-log-bytes N] [--output FILE]
//        (--store-format: the store's checkpoint format for the full workloads; default: the store's default)
//        (--checkpoint-log-bytes: the store's automatic checkpoint threshold, default 64 MiB; a small one
//        makes checkpoints fall inside the commit workloads, where they hold or do not hold writers)
//        (PostgreSQL runs on a temporary cluster of its own per round, over a Unix socket, twice:
//        with raw SQL, and through PostgresAccess as the generated repositories run on it; it
//        needs initdb/pg_ctl, and the `postgres` user when run as root)
//        StoreBenchmarks --queries [--rows N] [--rounds R]   (typed filters and aggregates vs tuned SQLite)
//        StoreBenchmarks --render FILE     (prints the Markdown tables of a recorded run)
//        StoreBenchmarks --read-path [--rows N] [--rounds R] [--store-format F] [--cache-nodes N]   (the read workloads
//                                          alone, on checkpointed stores of both formats, rounds interleaved)
//                                          [--reopen]: every round on a freshly opened store (every record cold)
//                                          [--keep-store DIR]: build the stores in DIR once, reuse them in later runs
//        StoreBenchmarks --insert-forms [--rows N] [--rounds R]   (PostgreSQL bulk-load statement forms: multi-row VALUES vs unnest)
//        StoreBenchmarks --commits [--rows N] [--rounds R] [--log-preallocation B1,B2] [--store-only] [--loaded DIR]   (durable commits
//                                          alone, single and 8 threads, one store per log preallocation size against tuned SQLite,
//                                          rounds interleaved; --loaded DIR keeps each loaded engine in DIR and later runs copy it)
//        StoreBenchmarks --replay [--rows N] [--rounds R] [--loaded DIR]   (the open with a log to replay alone, the same log each round)
//        StoreBenchmarks --expire [--rows N] [--rounds R]   (expire 10% alone, store vs tuned SQLite, rounds interleaved)
//        StoreBenchmarks --newest [--rows N] [--rounds R] [--repeats K]   (newest 100 alone: the store in memory and after a
//                                          checkpoint, rows and typed, against tuned SQLite, engines built as the full run builds them)
//        StoreBenchmarks --disk [--rows N] [--no-expire] [--store-only] [--checkpoint-log-bytes N]   (the full run's writes on the store alone,
//                                          its files after each step, free page runs against live pages at the end)
//        StoreBenchmarks --leaderboard [--rows N] [--rounds R] [--repeats K]   (the top-10 leaderboard alone: the store in memory
//                                          and from pages against tuned SQLite, K times the full run's queries per round)
//        StoreBenchmarks --micro           (costs of the pieces of a point read)
//        StoreBenchmarks --footprint [--rows N] [--rounds R] [--engines store-pages,store-snapshot,sqlite-wal]   (open time, RSS and disk per row of the
//                                          store's two checkpoint formats and SQLite, each opened in a fresh process)
//
// Each round builds every engine afresh and runs all workloads on it; engines take turns, in an
// order rotated every round, so drift of a shared machine's disk and CPU spreads over all of
// them. Every round's figures are written to FILE (default results/<date>-<rows>.json), from
// which `--render` prints the tables the README and docs/storage.md show.
func argument(_ name: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}
if let path = argument("--render") {
    print(ResultsRenderer(results: try BenchmarkResults.read(from: path)).render())
    exit(0)
}
let rows = argument("--rows").flatMap { Int($0) } ?? 1_000_000
let rounds = argument("--rounds").flatMap { Int($0) } ?? 3
let storeOnly = CommandLine.arguments.contains("--store-only")
let storeFormat: StoreFormatChoice
if let text = argument("--store-format") {
    guard let choice = StoreFormatChoice(rawValue: text) else {
        FileHandle.standardError.write(Data("--store-format takes \(StoreFormatChoice.allCases.map(\.rawValue).joined(separator: " or "))\n".utf8))
        exit(2)
    }
    storeFormat = choice
} else {
    storeFormat = StoreFormatChoice.storeDefault
}
let withPostgres = !storeOnly && !CommandLine.arguments.contains("--no-postgres")
var storeOptions = storeFormat.options
if let text = argument("--checkpoint-log-bytes") {
    guard let bytes = Int(text), bytes >= 0 else {
        FileHandle.standardError.write(Data("--checkpoint-log-bytes takes a number of bytes (0: never)\n".utf8))
        exit(2)
    }
    storeOptions.checkpointLogBytes = bytes
}
if CommandLine.arguments.contains("--micro") {
    // Costs of the pieces of a point read, on a small store.
    let m = Workload(rows: 20_000)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-micro-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let s = try StoreRunner(m, directory: dir)
    try s.bulkLoad()
    let n = 2_000_000
    var sink = 0
    let a = measure { for _ in 0..<n { sink &+= (s.store.snapshot as Any) is Int ? 1 : 0 } }
    let snap = s.store.snapshot
    let b = try measure { for i in 0..<n { if try snap.get("messages", primaryKey: [.int(Int64(i % 20_000))]) != nil { sink &+= 1 } } }
    let c = try measure { for i in 0..<n { sink &+= try snap.count("messages") &+ i } }
    let q = 200_000
    let d = try measure { for i in 0..<q { sink &+= try snap.scan("members", index: "leaderboard", prefix: [.int(Int64(i % 100))], limit: 10).count } }
    let e = try measure { for i in 0..<q { sink &+= try snap.scan("members", index: "leaderboard", prefix: [.int(Int64(i % 100))], limit: 1).count } }
    let f = try measure { for i in 0..<q { sink &+= try snap.scan("messages", from: .inclusive([.int(Int64(i % 10_000))]), limit: 10).count } }
    print("snapshot \(a / Double(n) * 1e9) ns, get \(b / Double(n) * 1e9) ns, count \(c / Double(n) * 1e9) ns (\(sink % 2))")
    print("top10 \(d / Double(q) * 1e9) ns, top1 \(e / Double(q) * 1e9) ns, pk range 10 \(f / Double(q) * 1e9) ns")
    exit(0)
}
if CommandLine.arguments.contains("--open-probe") {
    try OpenFootprint.probe(engine: CommandLine.arguments[2], path: CommandLine.arguments[3], rows: Int(CommandLine.arguments[4])!)
    exit(0)
}
if CommandLine.arguments.contains("--footprint") {
    // --engines store-pages,sqlite-wal measures a subset (the 10M-row run of the snapshot-file store needs ~4 GB and minutes to open).
    let engines = argument("--engines").map { $0.split(separator: ",").map(String.init) } ?? OpenFootprint.engines
    try OpenFootprint.run(rows: rows, rounds: max(3, rounds), engines: engines)
    exit(0)
}
if CommandLine.arguments.contains("--leaderboard") {
    // The top-10 leaderboard alone, store in memory and from pages against tuned SQLite (see LeaderboardBenchmark).
    try LeaderboardBenchmark.run(rows: rows, rounds: max(3, rounds), repeats: argument("--repeats").flatMap { Int($0) } ?? 5)
    exit(0)
}
if CommandLine.arguments.contains("--read-path") {
    // Reads only, on checkpointed stores of each format (see ReadPathBenchmark).
    let formats = argument("--store-format").map { _ in [storeFormat] } ?? StoreFormatChoice.allCases
    try ReadPathBenchmark.run(rows: rows, rounds: max(3, rounds), formats: formats, cacheNodes: argument("--cache-nodes").flatMap { Int($0) },
                              reopen: CommandLine.arguments.contains("--reopen"), keepStore: argument("--keep-store"))
    exit(0)
}
let w = Workload(rows: rows)
if CommandLine.arguments.contains("--insert-forms") {
    // Multi-row VALUES against unnest for bulk loads on PostgreSQL (InsertFormBenchmark).
    try InsertFormBenchmark.run(w, rounds: max(3, rounds))
    exit(0)
}
if CommandLine.arguments.contains("--queries") {
    // Typed filtered scans and aggregates on the store against tuned SQLite (issue 15).
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-queries-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let store = try StoreRunner(w, directory: "\(directory)/store")
    let sqlite = SQLiteRunner(w, path: "\(directory)/sqlite.db", configuration: .tuned(rows: rows))
    try store.bulkLoad()
    try sqlite.bulkLoad()
    print("rows: \(rows), rounds: \(rounds), load average: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")")
    try QueryBenchmark(w: w, store: store, sqlite: sqlite).run(rounds: rounds)
    exit(0)
}
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

func utcNow() -> String { ISO8601DateFormatter().string(from: Date()) }
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
func systemName() -> String {
    let text = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
    return line.map { String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown"
}

if CommandLine.arguments.contains("--disk") {
    // Where disk per row goes: the full run's writes on the store alone (see DiskBreakdown).
    try DiskBreakdown.run(w, storeOptions: storeOptions, expire: !CommandLine.arguments.contains("--no-expire"),
                           withSQLite: !storeOnly, scratch: scratch)
    try? FileManager.default.removeItem(atPath: scratch)  // exit skips the defer above
    exit(0)
}
if CommandLine.arguments.contains("--commits") {
    // Durable commits alone, store (per log preallocation size) against tuned SQLite (see CommitBenchmark).
    let sizes = argument("--log-preallocation").map { $0.split(separator: ",").compactMap { Int($0) } } ?? [storeOptions.logPreallocationBytes]
    try CommitBenchmark.run(w, rounds: max(3, rounds), storeOptions: storeOptions, preallocations: sizes, scratch: scratch,
                            loaded: argument("--loaded").map { LoadedCopies(directory: $0) }, withSQLite: !storeOnly)
    try? FileManager.default.removeItem(atPath: scratch)  // exit skips the defer above
    exit(0)
}
if CommandLine.arguments.contains("--replay") {
    // Opening with a log to replay, alone (see ReplayBenchmark).
    try ReplayBenchmark.run(w, rounds: max(3, rounds), storeOptions: storeOptions, scratch: scratch,
                            loaded: argument("--loaded").map { LoadedCopies(directory: $0) })
    try? FileManager.default.removeItem(atPath: scratch)  // exit skips the defer above
    exit(0)
}
if CommandLine.arguments.contains("--newest") {
    // Newest 100 alone, in each state the full run can read it in, against tuned SQLite (see NewestBenchmark).
    try NewestBenchmark.run(rows: rows, rounds: max(3, rounds), repeats: argument("--repeats").flatMap { Int($0) } ?? 3,
                            storeOptions: storeOptions)
    try? FileManager.default.removeItem(atPath: scratch)  // exit skips the defer above
    exit(0)
}
if CommandLine.arguments.contains("--expire") {
    // The expiry workload alone, store against tuned SQLite (see ExpiryBenchmark).
    try ExpiryBenchmark.run(w, rounds: max(3, rounds), storeOptions: storeOptions, scratch: scratch)
    try? FileManager.default.removeItem(atPath: scratch)  // exit skips the defer above
    exit(0)
}

let sqliteConfigurations = storeOnly ? [] : [SQLiteConfiguration.wal, .tuned(rows: rows)]
let started = Date()
let day = ISO8601DateFormatter.string(from: started, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
let output = argument("--output") ?? "results/\(day)-\(rows).json"
var results = BenchmarkResults(
    started: utcNow(), rows: rows, rounds: rounds, cores: ProcessInfo.processInfo.activeProcessorCount,
    memoryBytes: ProcessInfo.processInfo.physicalMemory, system: systemName(),
    sqliteVersion: String(cString: sqlite3_libversion()),
    sqlitePragmas: Dictionary(uniqueKeysWithValues: sqliteConfigurations.map { ($0.name, $0.pragmas) }),
    loadAtStart: loadAverage())
results.storeFormat = storeFormat.rawValue
if withPostgres {
    results.postgresVersion = try PostgresCluster.serverVersion()
    results.postgresSettings = PostgresCluster.settings
}
print("rows: \(rows), rounds: \(rounds), cores: \(results.cores), store checkpoints: \(storeFormat.label), "
      + "every \(storeOptions.checkpointLogBytes) log bytes, scratch: \(scratch), results: \(output)")

// Engine builders, in the order of round 0; the store first there, so its memory growth is
// measured before any other engine has grown the heap.
let builders: [(Int) throws -> Engine] = [{ round in try StoreRunner(w, directory: "\(scratch)/store-\(round)", options: storeOptions) }]
    + sqliteConfigurations.enumerated().map { index, configuration in
        { round in SQLiteRunner(w, path: "\(scratch)/sqlite-\(index)-\(round).db", configuration: configuration) }
    }
    + (withPostgres ? [{ round in try PostgresRunner(w, directory: "\(scratch)/postgres-\(round)") },
                       { round in try PostgresRepositoryRunner(w, directory: "\(scratch)/postgres-repositories-\(round)") }] : [])

var rng = SplitMix(state: 1)
let ids = (0..<w.pointReads).map { _ in Int.random(in: 0..<w.rows, using: &rng) }
let chats = (0..<w.chatQueries).map { _ in Int.random(in: 0..<w.chats, using: &rng) }
let guilds = (0..<w.leaderboardQueries).map { _ in Int.random(in: 0..<w.guilds, using: &rng) }

for round in 0..<rounds {
    var chatRows: Int?
    for turn in 0..<builders.count {
        let e = try builders[(turn + round) % builders.count](round)
        func record(_ metric: Metric, _ value: Double) {
            results.add(round: round, engine: e.name, metric, value)
            print("round \(round + 1) \(e.name): \(metric.rawValue) \(grouped(value))")
            fflush(nil)  // progress shows as it happens even when the output goes to a file
        }
        record(.bulkLoad, Double(w.rows + w.members) / (try measure { try e.bulkLoad() }))
        if let store = e as? StoreRunner { record(.memoryPerRow, store.memoryPerRow) }
        var nextID = w.rows
        let single = nextID..<(nextID + w.singleCommits)
        nextID += w.singleCommits
        record(.singleCommits, Double(single.count) / (try measure { try e.singleCommits(ids: single) }))
        let concurrent = nextID..<(nextID + w.concurrentCommits)
        record(.concurrentCommits, Double(concurrent.count) / (try measure { try e.concurrentCommits(ids: concurrent) }))
        var n = 0
        record(.pointReads, Double(ids.count) / (try measure { n = try e.pointReads(ids) }))
        precondition(n == ids.count, "\(e.name) missed rows")
        record(.newestInChat, Double(chats.count) / (try measure { n = try e.newestInChat(chats) }))
        if let other = chatRows, other != n { fatalError("engines returned different chat rows: \(other) vs \(n)") }
        chatRows = n
        record(.leaderboard, Double(guilds.count) / (try measure { n = try e.leaderboard(guilds) }))
        precondition(n == guilds.count * 10)
        record(.expiry, Double(w.rows / 10) / (try measure { n = try e.expireOldest() }))
        precondition(n == w.rows / 10, "\(e.name) expired \(n)")
        if e.measuresOpens {
            let afterCheckpoint = try e.openAfterCheckpoint()
            record(.openAfterCheckpoint, afterCheckpoint.seconds)
            record(.diskPerRow, afterCheckpoint.diskPerRow)
            let withLog = try e.openWithLog()
            record(.openWithLog, withLog.seconds)
            record(.logBytes, Double(withLog.logBytes))
        }
        e.remove()
    }
    // Written after every round, so an interrupted run keeps what it measured.
    results.finished = utcNow()
    results.loadAtEnd = loadAverage()
    try results.write(to: output)
}
print("")
print(ResultsRenderer(results: results).render())
