import Foundation
import SchemaGenRuntime

/// The full run's "open with a log to replay" alone (`--replay`): a loaded store (or the copy
/// `--loaded` keeps) is checkpointed, `Workload.logRows` rows are written in commits of
/// `logBatch` and the store is closed without a checkpoint; then every round opens it, which
/// replays that log, and closes it again (a close does not checkpoint, so each open replays the
/// same log). Each open prints its wall time and what the kernel counted (CPU, page faults).
enum ReplayBenchmark {
    static func run(_ w: Workload, rounds: Int, storeOptions: StoreOptions, scratch: String, loaded: LoadedCopies?) throws {
        print("open with a log to replay: rows \(w.rows), \(w.logRows) rows logged in commits of \(w.logBatch), rounds \(rounds), "
              + "load average at start: \(loadAverage())")
        let directory = "\(scratch)/replay-store"
        let runner: StoreRunner
        if let loaded, loaded.has("store", rows: w.rows) {
            try loaded.restore("store", rows: w.rows, to: directory)
            // This open replays the load's own log after its last checkpoint (all of it at 1M rows).
            let usage = ProcessUsage.now()
            var opened: StoreRunner!
            let seconds = try measure { opened = try StoreRunner(w, directory: directory, options: storeOptions) }
            print("opened the kept load in \(String(format: "%.3f", seconds)) s, \(opened.store.recoveryReport.replayedTransactions) commits replayed ("
                  + ProcessUsage.now().since(usage) + ")")
            runner = opened
        } else {
            runner = try StoreRunner(w, directory: directory, options: storeOptions)
            try runner.bulkLoad()
            if let loaded {
                runner.store.close()
                try loaded.keep("store", rows: w.rows, from: directory)
                runner.store = try Store.open(at: directory, schema: StoreRunner.schema, options: storeOptions)
            }
        }
        let (lastID, logBytes) = try runner.closeWithLog()
        print("log after the checkpoint: \(grouped(Double(logBytes))) bytes")
        var times: [Double] = [], cpu: [Double] = []
        for round in 0..<rounds {
            let usage = ProcessUsage.now()
            var store: Store!
            let seconds = try measure { store = try Store.open(at: directory, schema: StoreRunner.schema, options: storeOptions) }
            let after = ProcessUsage.now()
            let last = try store.snapshot.get("messages", primaryKey: [.int(Int64(lastID))])
            precondition(last != nil, "log not replayed")
            print("round \(round + 1): open \(String(format: "%.3f", seconds)) s, \(store.recoveryReport.replayedTransactions) commits replayed ("
                  + after.since(usage) + ")")
            fflush(nil)
            times.append(seconds)
            cpu.append(after.userSeconds + after.systemSeconds - usage.userSeconds - usage.systemSeconds)
            store.close()
        }
        let f = { (x: Double) in String(format: "%.3f", x) }
        print("open: median \(f(median(times))) s (\(f(times.min()!))–\(f(times.max()!))), CPU median \(f(median(cpu))) s "
              + "(\(f(cpu.min()!))–\(f(cpu.max()!))), load average at end: \(loadAverage())")
        try? FileManager.default.removeItem(atPath: directory)
    }
}
