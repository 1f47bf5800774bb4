import Foundation

// Usage: StoreBenchmarks [--rows N]   (default N = 1,000,000)
var rows = 1_000_000
if let i = CommandLine.arguments.firstIndex(of: "--rows"), i + 1 < CommandLine.arguments.count, let n = Int(CommandLine.arguments[i + 1]) {
    rows = n
}
let workload = Workload(rows: rows)
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

print("rows: \(rows), cores: \(ProcessInfo.processInfo.activeProcessorCount), scratch: \(scratch)")
let store = try StoreRunner.run(workload, directory: scratch + "/store")
// --store-only skips SQLite (for profiling the store alone).
let sqlite = CommandLine.arguments.contains("--store-only") ? (rates: [:], diskPerRow: 0, openSeconds: 0)
    : SQLiteRunner.run(workload, path: scratch + "/sqlite.db")

let order = ["bulk load (rows/s)", "durable single-row commits (commits/s)", "concurrent durable commits, 8 threads (commits/s)",
             "point reads by key (reads/s)", "newest 100 messages of a chat (queries/s)", "top-10 leaderboard (queries/s)",
             "expire 10% of rows by time (rows/s)", "open (recover) the store (opens/s)"]
func format(_ x: Double) -> String { x >= 100 ? String(Int(x.rounded())) : String(format: "%.2f", x) }
print("")
print("| workload | SchemaGenRuntime | SQLite | ratio |")
print("|---|---:|---:|---:|")
for name in order {
    let a = store.rates[name] ?? 0, b = sqlite.rates[name] ?? 0
    print("| \(name) | \(format(a)) | \(format(b)) | \(String(format: "%.2fx", a / b)) |")
}
print("")
print("| measure | SchemaGenRuntime | SQLite |")
print("|---|---:|---:|")
print("| open of the \(rows)-row store | \(String(format: "%.3f s", store.openSeconds)) | \(String(format: "%.3f s", sqlite.openSeconds)) |")
print("| memory (RSS delta during bulk load) per row | \(Int(store.memoryPerRow)) B | n/a (page cache) |")
print("| disk per row | \(Int(store.diskPerRow)) B | \(Int(sqlite.diskPerRow)) B |")
