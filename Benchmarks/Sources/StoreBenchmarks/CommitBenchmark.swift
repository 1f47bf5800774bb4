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
    static func run(_ w: Workload, rounds: Int, storeOptions: StoreOptions, preallocations: [Int], scratch: String) throws {
        print("durable commits: rows \(w.rows), rounds \(rounds), \(w.singleCommits) single commits and "
              + "\(w.concurrentCommits) from \(w.concurrentThreads) threads per round, load average at start: \(loadAverage())")
        var engines: [Engine] = []
        for bytes in preallocations {
            var options = storeOptions
            options.logPreallocationBytes = bytes
            engines.append(try StoreRunner(w, directory: "\(scratch)/commits-store-\(bytes)", options: options,
                                           name: "store, log preallocation \(bytes)"))
        }
        engines.append(SQLiteRunner(w, path: "\(scratch)/commits-sqlite.db", configuration: .tuned(rows: w.rows)))
        defer { engines.forEach { $0.remove() } }
        for e in engines {
            let seconds = try measure { try e.bulkLoad() }
            print("\(e.name): loaded \(w.rows) rows in \(String(format: "%.1f", seconds)) s")
        }
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
                    let seconds = try measure {
                        if phase == "single" { try e.singleCommits(ids: ids) } else { try e.concurrentCommits(ids: ids) }
                    }
                    let cpu = ExpiryBenchmark.processCPUSeconds() - cpuBefore
                    marker("end round \(round + 1) \(e.name) \(phase)")
                    let rate = Double(count) / seconds
                    let checkpointed = store.map { $0.logGeneration() != generation } ?? false
                    print("round \(round + 1) \(e.name): \(phase) \(grouped(rate)) commits/s, "
                          + String(format: "%.3f s wall, %.3f s CPU", seconds, cpu)
                          + (checkpointed ? ", an automatic checkpoint ran inside" : ""))
                    fflush(nil)
                    if phase == "single" { single[e.name, default: []].append(rate) } else { concurrent[e.name, default: []].append(rate) }
                }
            }
        }
        let f = { (x: Double) in String(format: "%.2f", x) }
        for (phase, rates) in [("single", single), ("8 threads", concurrent)] {
            let sqlite = rates["SQLite tuned"]!
            for e in engines {
                let values = rates[e.name]!
                var line = "\(phase) \(e.name): median \(grouped(median(values))) commits/s (\(grouped(values.min()!))–\(grouped(values.max()!)))"
                if e is StoreRunner {
                    let ratios = zip(values, sqlite).map { $0 / $1 }
                    line += ", ÷ SQLite tuned of the same round: median \(f(median(ratios)))x (\(f(ratios.min()!))–\(f(ratios.max()!)))"
                }
                print(line)
            }
        }
        print("load average at end: \(loadAverage())")
    }

    /// A line on standard error (one `write(2)`), for cutting a syscall trace into phases.
    private static func marker(_ text: String) {
        FileHandle.standardError.write(Data("@@ \(text)\n".utf8))
    }
}
