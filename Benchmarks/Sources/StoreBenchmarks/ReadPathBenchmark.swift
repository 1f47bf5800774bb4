import Foundation
import SchemaGenRuntime

/// `--read-path`: the three read workloads of the full run, as rows and as typed records (the
/// repositories' `get` and `fetch`), on a store whose trees were all
/// written by a checkpoint (so a page-file store reads every node through its page cache), for
/// each checkpoint format in turn, rounds interleaved so drift of a shared machine hits both.
///
/// The full run reads a store in whatever state its checkpoints left it (part written, part in
/// memory); this isolates the read path, which is what profiling it needs.
///
/// `reopen`: the store is closed and opened again before every round, so every round meets
/// every record for the first time in a fresh map (what round 1 alone measures otherwise, and
/// what each round of the full run meets). `keepStore`: the stores are built in that directory
/// once and reused by later runs (a 10M-row store takes minutes to load), instead of a scratch
/// directory removed at the end.
enum ReadPathBenchmark {
    static func run(rows: Int, rounds: Int, formats: [StoreFormatChoice], cacheNodes: Int?, reopen: Bool = false,
                    keepStore: String? = nil) throws {
        let w = Workload(rows: rows)
        let scratch = keepStore ?? FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-readpath-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { if keepStore == nil { try? FileManager.default.removeItem(atPath: scratch) } }
        var rng = SplitMix(state: 1)
        let ids = (0..<w.pointReads).map { _ in Int.random(in: 0..<w.rows, using: &rng) }
        let chats = (0..<w.chatQueries).map { _ in Int.random(in: 0..<w.chats, using: &rng) }
        let guilds = (0..<w.leaderboardQueries).map { _ in Int.random(in: 0..<w.guilds, using: &rng) }
        var runners: [(StoreFormatChoice, StoreRunner)] = []
        for format in formats {
            var options = format.options
            if let cacheNodes { options.pageCacheNodes = cacheNodes }
            let directory = "\(scratch)/\(format.rawValue)-\(rows)"
            // A kept store is complete once its marker exists (written after the checkpoint).
            let built = keepStore != nil && FileManager.default.fileExists(atPath: "\(directory).built")
            let runner = try StoreRunner(w, directory: directory, options: options)
            if !built {
                try runner.bulkLoad()
                try runner.store.checkpoint()
                if keepStore != nil { _ = FileManager.default.createFile(atPath: "\(directory).built", contents: Data()) }
            }
            // Reopened, so the page-file store holds nothing but roots and reads every node on demand.
            runner.store.close()
            runner.store = try Store.open(at: runner.directory, schema: StoreRunner.schema, options: options)
            runners.append((format, runner))
        }
        print("rows: \(rows), rounds: \(rounds), cache nodes: \(cacheNodes.map(String.init) ?? "default"), "
              + "\(reopen ? "reopened every round, " : "")load average: \(loadAverage())")
        var figures: [String: [Double]] = [:]
        for round in 0..<rounds {
            for turn in runners.indices {
                let (format, e) = runners[(turn + round) % runners.count]
                if reopen && round > 0 {
                    e.store.close()
                    e.store = try Store.open(at: e.directory, schema: StoreRunner.schema, options: e.options)
                }
                var n = 0
                let usageBefore = ProcessUsage.now()
                let point = Double(ids.count) / (try measure { n = try e.pointReads(ids) })
                let pointUsage = ProcessUsage.now().since(usageBefore)
                let newest = Double(chats.count) / (try measure { n = try e.newestInChat(chats) })
                let top = Double(guilds.count) / (try measure { n = try e.leaderboard(guilds) })
                precondition(n > 0)
                // The typed record reads (what generated repositories run) on the same ids.
                var typed = 0
                let typedPoint = Double(ids.count) / (try measure { typed = try e.typedPointReads(ids) })
                let typedNewest = Double(chats.count) / (try measure { typed = try e.typedNewestInChat(chats) })
                let typedTop = Double(guilds.count) / (try measure { typed = try e.typedLeaderboard(guilds) })
                precondition(typed == n, "typed leaderboard read \(typed) members, rows \(n)")
                for (name, value) in [("point reads/s", point), ("newest-100/s", newest), ("leaderboard/s", top),
                                      ("typed point reads/s", typedPoint), ("typed newest-100/s", typedNewest),
                                      ("typed leaderboard/s", typedTop)] {
                    figures["\(format.rawValue) \(name)", default: []].append(value)
                }
                print("round \(round + 1) \(format.rawValue): point \(grouped(point)), newest-100 \(grouped(newest)), leaderboard \(grouped(top)); "
                      + "typed: point \(grouped(typedPoint)), newest-100 \(grouped(typedNewest)), leaderboard \(grouped(typedTop))")
                print("  \(format.rawValue) point reads: \(pointUsage)")
                fflush(nil)
            }
        }
        for key in figures.keys.sorted() {
            // The benchmarks' one median (the mean of the middle two for an even count): the upper
            // element alone was the best of two rounds.
            let values = figures[key]!.sorted()
            print("\(key): median \(grouped(median(values))) (\(grouped(values[0]))–\(grouped(values[values.count - 1])))")
        }
        print("load average at the end: \(loadAverage())")
    }
}
