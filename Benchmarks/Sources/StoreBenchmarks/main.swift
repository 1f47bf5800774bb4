import Foundation

// Usage: StoreBenchmarks [--rows N] [--store-only]   (default N = 1,000,000)
//
// Both engines run the same workloads in one process. Durable-commit workloads depend on the
// disk's fsync latency, which drifts on a shared machine, so they run in alternating rounds
// (store, SQLite, store, SQLite, ...) and report the median round of each engine.
var rows = 1_000_000
if let i = CommandLine.arguments.firstIndex(of: "--rows"), i + 1 < CommandLine.arguments.count, let n = Int(CommandLine.arguments[i + 1]) {
    rows = n
}
let storeOnly = CommandLine.arguments.contains("--store-only")
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
let w = Workload(rows: rows)
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }
print("rows: \(rows), cores: \(ProcessInfo.processInfo.activeProcessorCount), scratch: \(scratch)")

let store = try StoreRunner(w, directory: scratch + "/store")
var engines: [Engine] = [store]
if !storeOnly { engines.append(SQLiteRunner(w, path: scratch + "/sqlite.db")) }
var results: [String: [String: Double]] = [:]
@MainActor func record(_ workload: String, _ engine: Engine, _ rate: Double) { results[workload, default: [:]][engine.name] = rate }
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

for e in engines { record("bulk load (rows/s)", e, Double(w.rows + w.members) / (try measure { try e.bulkLoad() })) }

var nextID = w.rows
var single: [String: [Double]] = [:], concurrent: [String: [Double]] = [:]
for _ in 0..<w.durableRounds {
    for e in engines {
        let ids = nextID..<(nextID + w.singleCommits)
        nextID += w.singleCommits
        single[e.name, default: []].append(Double(ids.count) / (try measure { try e.singleCommits(ids: ids) }))
    }
    for e in engines {
        let ids = nextID..<(nextID + w.concurrentCommits)
        nextID += w.concurrentCommits
        concurrent[e.name, default: []].append(Double(ids.count) / (try measure { try e.concurrentCommits(ids: ids) }))
    }
}
for e in engines {
    record("durable single-row commits (commits/s)", e, median(single[e.name]!))
    record("concurrent durable commits, 8 threads (commits/s)", e, median(concurrent[e.name]!))
}

var rng = SplitMix(state: 1)
let ids = (0..<w.pointReads).map { _ in Int.random(in: 0..<w.rows, using: &rng) }
let chats = (0..<w.chatQueries).map { _ in Int.random(in: 0..<w.chats, using: &rng) }
let guilds = (0..<w.leaderboardQueries).map { _ in Int.random(in: 0..<w.guilds, using: &rng) }
var chatRows: Int?
for e in engines {
    var n = 0
    record("point reads by key (reads/s)", e, Double(ids.count) / (try measure { n = try e.pointReads(ids) }))
    precondition(n == ids.count, "\(e.name) missed rows")
    record("newest 100 messages of a chat (queries/s)", e, Double(chats.count) / (try measure { n = try e.newestInChat(chats) }))
    if let other = chatRows, other != n { fatalError("engines returned different chat rows: \(other) vs \(n)") }
    chatRows = n
    record("top-10 leaderboard (queries/s)", e, Double(guilds.count) / (try measure { n = try e.leaderboard(guilds) }))
    precondition(n == guilds.count * 10)
    record("expire 10% of rows by time (rows/s)", e, Double(w.rows / 10) / (try measure { n = try e.expireOldest() }))
    precondition(n == w.rows / 10, "\(e.name) expired \(n)")
}
var open: [String: (seconds: Double, diskPerRow: Double)] = [:]
for e in engines {
    open[e.name] = try e.closeAndReopen()
    record("open (recover) the store (opens/s)", e, 1 / open[e.name]!.seconds)
}

let order = ["bulk load (rows/s)", "durable single-row commits (commits/s)", "concurrent durable commits, 8 threads (commits/s)",
             "point reads by key (reads/s)", "newest 100 messages of a chat (queries/s)", "top-10 leaderboard (queries/s)",
             "expire 10% of rows by time (rows/s)", "open (recover) the store (opens/s)"]
func format(_ x: Double) -> String { x >= 100 ? String(Int(x.rounded())) : String(format: "%.2f", x) }
print("")
print("| workload | SchemaGenRuntime | SQLite | ratio |")
print("|---|---:|---:|---:|")
for name in order {
    let a = results[name]?["SchemaGenRuntime"] ?? 0, b = results[name]?["SQLite"] ?? 0
    print("| \(name) | \(format(a)) | \(b > 0 ? format(b) : "–") | \(b > 0 ? String(format: "%.2fx", a / b) : "–") |")
}
print("")
print("| measure | SchemaGenRuntime | SQLite |")
print("|---|---:|---:|")
let s = open["SchemaGenRuntime"]!, q = open["SQLite"]
print("| open of the \(rows)-row store | \(String(format: "%.3f s", s.seconds)) | \(q.map { String(format: "%.3f s", $0.seconds) } ?? "–") |")
print("| memory (RSS growth during bulk load) per row | \(Int(store.memoryPerRow)) B | – (lives in the page cache) |")
print("| disk per row (after checkpoint) | \(Int(s.diskPerRow)) B | \(q.map { "\(Int($0.diskPerRow)) B" } ?? "–") |")
