import Foundation
import SchemaGenRuntime

/// Durable commits alone (`--commits`): the store (one engine per log preallocation size given
/// with `--log-preallocation`, so two log layouts run in one process, rounds interleaved) against
/// tuned SQLite. Each engine is loaded once; every round then times the full run's 1,000 single
/// commits and 4,000 commits from 8 threads on each engine, in an order rotated every round.
///
/// A store round reports when an automatic checkpoint fell inside it (its log generation moved),
/// because the checkpoint's time counts in that round as it does in the full run. Before and
/// after each timed phase a marker line goes to standard error, so a trace of the run
/// (`strace -f -e trace=write,pwrite64,fdatasync,fsync`) can be cut into phases.
enum CommitBenchmark {
    static func run(_ w: Workload, rounds: Int, storeOptions: StoreOptions, preallocations: [Int], scratch: String,
                    loaded: LoadedCopies? = nil, withSQLite: Bool = true) throws {
        print("durable commits: rows \(w.rows), rounds \(rounds), \(w.singleCommits) single commits and "
              + "\(w.concurrentCommits) from \(w.concurrentThreads) threads per round, load average at start: \(loadAverage())")
        var engines: [Engine] = []
        for bytes in preallocations {
            var options = storeOptions
            options.logPreallocationBytes = bytes
            let directory = "\(scratch)/commits-store-\(bytes)", name = "store, log preallocation \(bytes)"
            if let loaded, loaded.has("store", rows: w.rows) {
                try loaded.restore("store", rows: w.rows, to: directory)
                // The open replays the load's log after its last checkpoint, as a reopened bot would.
                let usage = ProcessUsage.now()
                var engine: StoreRunner!
                let seconds = try measure { engine = try StoreRunner(w, directory: directory, options: options, name: name) }
                print("\(name): opened the kept load in \(String(format: "%.2f", seconds)) s (\(ProcessUsage.now().since(usage)))")
                engines.append(engine)
            } else {
                let engine = try StoreRunner(w, directory: directory, options: options, name: name)
                try load(engine, rows: w.rows)
                if let loaded {
                    engine.store.close()
                    try loaded.keep("store", rows: w.rows, from: directory)
                    engine.store = try Store.open(at: directory, schema: StoreRunner.schema, options: options)
                }
                engines.append(engine)
            }
        }
        if withSQLite {
            let path = "\(scratch)/commits-sqlite.db"
            if let loaded, loaded.has("sqlite-tuned", rows: w.rows) {
                try loaded.restore("sqlite-tuned", rows: w.rows, to: path)
                engines.append(SQLiteRunner(w, path: path, configuration: .tuned(rows: w.rows)))
            } else {
                let engine = SQLiteRunner(w, path: path, configuration: .tuned(rows: w.rows))
                try load(engine, rows: w.rows)
                if let loaded {
                    engine.closeConnection()
                    try loaded.keep("sqlite-tuned", rows: w.rows, from: path)
                    engines.append(SQLiteRunner(w, path: path, configuration: .tuned(rows: w.rows)))
                } else {
                    engines.append(engine)
                }
            }
        }
        defer { engines.forEach { $0.remove() } }
        var single: [String: [Double]] = [:], concurrent: [String: [Double]] = [:]
        var nextID = w.rows
        for round in 0..<rounds {
            for turn in 0..<engines.count {
                let e = engines[(turn + round) % engines.count]
                let store = e as? StoreRunner
                for (phase, count) in [("single", w.singleCommits), ("8 threads", w.concurrentCommits)] {
                    let ids = nextID..<(nextID + count)
                    nextID += count
                    let generation = store?.logGeneration()
                    marker("begin round \(round + 1) \(e.name) \(phase)")
                    let cpuBefore = ExpiryBenchmark.processCPUSeconds()
                    let usage = ProcessUsage.now()
                    let seconds = try measure {
                        if phase == "single" { try e.singleCommits(ids: ids) } else { try e.concurrentCommits(ids: ids) }
                    }
                    let cpu = ExpiryBenchmark.processCPUSeconds() - cpuBefore
                    let kernel = ProcessUsage.now().since(usage)
                    marker("end round \(round + 1) \(e.name) \(phase)")
                    let rate = Double(count) / seconds
                    let checkpointed = store.map { $0.logGeneration() != generation } ?? false
                    print("round \(round + 1) \(e.name): \(phase) \(grouped(rate)) commits/s, "
                          + String(format: "%.3f s wall, %.3f s CPU (%.1f µs a commit; ", seconds, cpu, cpu / Double(count) * 1e6)
                          + kernel + ")"
                          + (checkpointed ? ", an automatic checkpoint ran inside" : ""))
                    fflush(nil)
                    if phase == "single" { single[e.name, default: []].append(rate) } else { concurrent[e.name, default: []].append(rate) }
                }
            }
        }
        let f = { (x: Double) in String(format: "%.2f", x) }
        for (phase, rates) in [("single", single), ("8 threads", concurrent)] {
            let sqlite = rates["SQLite tuned"]
            for e in engines {
                let values = rates[e.name]!
                var line = "\(phase) \(e.name): median \(grouped(median(values))) commits/s (\(grouped(values.min()!))–\(grouped(values.max()!)))"
                if e is StoreRunner, let sqlite {
                    let ratios = zip(values, sqlite).map { $0 / $1 }
                    line += ", ÷ SQLite tuned of the same round: median \(f(median(ratios)))x (\(f(ratios.min()!))–\(f(ratios.max()!)))"
                }
                print(line)
            }
        }
        print("load average at end: \(loadAverage())")
    }

    private static func load(_ e: Engine, rows: Int) throws {
        let usage = ProcessUsage.now()
        let seconds = try measure { try e.bulkLoad() }
        print("\(e.name): loaded \(rows) rows in \(String(format: "%.1f", seconds)) s (\(ProcessUsage.now().since(usage)))")
    }

    /// A line on standard error (one `write(2)`), for cutting a syscall trace into phases.
    private static func marker(_ text: String) {
        FileHandle.standardError.write(Data("@@ \(text)\n".utf8))
    }
}
