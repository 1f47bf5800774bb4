import Foundation
import SchemaGenRuntime

/// The "expire 10%" workload alone, the store against tuned SQLite (`--expire`): each round
/// loads both afresh (engines in an order rotated every round) and times only the expiry, so
/// a change to deleting can be measured, and profiled, without the other workloads around it.
/// Unlike the full run, no commits or reads come between the load and the expiry.
enum ExpiryBenchmark {
    /// CPU time used by the whole process so far.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func run(_ w: Workload, rounds: Int, storeOptions: StoreOptions, scratch: String) throws {
        print("expire 10% alone: rows \(w.rows), rounds \(rounds), load average at start: \(loadAverage())")
        let builders: [(Int) throws -> Engine] = [
            { round in try StoreRunner(w, directory: "\(scratch)/expire-store-\(round)", options: storeOptions) },
            { round in SQLiteRunner(w, path: "\(scratch)/expire-sqlite-\(round).db", configuration: .tuned(rows: w.rows)) },
        ]
        var rates: [String: [Double]] = [:]
        var ratios: [Double] = []
        for round in 0..<rounds {
            var roundRates: [String: Double] = [:]
            for turn in 0..<builders.count {
                let e = try builders[(turn + round) % builders.count](round)
                try e.bulkLoad()
                var n = 0
                let cpuBefore = processCPUSeconds()
                let seconds = try measure { n = try e.expireOldest() }
                let cpu = processCPUSeconds() - cpuBefore
                precondition(n == w.rows / 10, "\(e.name) expired \(n)")
                let rate = Double(w.rows / 10) / seconds
                // CPU time beside wall time: on a loaded machine the gap is waiting (for the CPU or the disk).
                print("round \(round + 1) \(e.name): expire 10% \(grouped(rate)) rows/s, "
                      + String(format: "%.3f s wall, %.3f s CPU (all threads)", seconds, cpu))
                fflush(nil)
                rates[e.name, default: []].append(rate)
                roundRates[e.name] = rate
                e.remove()
            }
            ratios.append(roundRates["SchemaGenRuntime"]! / roundRates["SQLite tuned"]!)
        }
        for (name, values) in rates.sorted(by: { $0.key < $1.key }) {
            print("\(name): median \(grouped(median(values))) rows/s (\(grouped(values.min()!))–\(grouped(values.max()!)))")
        }
        let f = { (x: Double) in String(format: "%.2f", x) }
        print("store ÷ SQLite tuned: median \(f(median(ratios)))x (\(f(ratios.min()!))–\(f(ratios.max()!))), "
              + "load average at end: \(loadAverage())")
    }
}
