import CSQLite
import Foundation
import SchemaGenRuntime

/// Open time and memory of a store that already holds `rows` rows, for the store's snapshot-file
/// and page-file checkpoints and for SQLite. Each open runs in a fresh child process
/// (`--open-probe`), so its resident memory is its own and not what building the data left behind.
enum OpenFootprint {
    /// The engines measured, by the name the probe takes.
    static let engines = ["store-pages", "store-snapshot", "sqlite-wal"]
    /// Point reads after the open, to show what reading touches.
    static let reads = 10_000

    static func run(rows: Int, rounds: Int, engines: [String] = engines) throws {
        let w = Workload(rows: rows)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-footprint-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        print("rows: \(rows) (+\(w.members) members), rounds: \(rounds), load: \(loadAverage())")
        var paths: [String: String] = [:]
        for engine in engines {
            let path = scratch + "/" + engine
            let seconds = try measure {
                if engine == "sqlite-wal" {
                    let runner = SQLiteRunner(w, path: path, configuration: .wal)
                    try runner.bulkLoad()
                    runner.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                } else {
                    var options = StoreOptions(durability: .unsynced)
                    options.usesPageFile = engine == "store-pages"
                    let runner = try StoreRunner(w, directory: path, options: options)
                    try runner.bulkLoad()
                    try runner.store.checkpoint()
                    runner.store.close()
                }
            }
            paths[engine] = path
            print("built \(engine) in \(String(format: "%.1f", seconds)) s: \(String(format: "%.1f", Double(diskBytes(path)) / Double(rows + w.members))) bytes on disk per row")
            fflush(nil)
        }
        var samples: [String: [[Double]]] = [:]
        for round in 0..<rounds {
            for engine in engines {
                let values = try child(engine: engine, path: paths[engine]!, rows: rows)
                samples[engine, default: []].append(values)
                print("round \(round + 1) \(engine): open \(String(format: "%.4f", values[0])) s, after open anon \(mib(values[1])) file \(mib(values[2])), after \(reads) reads anon \(mib(values[3])) file \(mib(values[4]))")
                fflush(nil)
            }
        }
        print("")
        print("| engine | open (s), median [min–max] | RSS after open: anon / file (MiB) | RSS after \(reads) point reads: anon / file (MiB) | disk per row (bytes) |")
        print("|---|---|---|---|---|")
        for engine in engines {
            let s = samples[engine]!
            func column(_ i: Int) -> [Double] { s.map { $0[i] }.sorted() }
            func median(_ i: Int) -> Double { let c = column(i); return c[c.count / 2] }
            let open = column(0)
            print("| \(engine) | \(String(format: "%.4f", median(0))) [\(String(format: "%.4f", open.first!))–\(String(format: "%.4f", open.last!))] "
                  + "| \(mib(median(1))) / \(mib(median(2))) | \(mib(median(3))) / \(mib(median(4))) "
                  + "| \(String(format: "%.1f", Double(diskBytes(paths[engine]!)) / Double(rows + w.members))) |")
        }
    }

    static func mib(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1_048_576) }

    /// Runs the probe in a child process; returns open seconds and the RSS growths it printed.
    static func child(engine: String, path: String, rows: Int) throws -> [Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--open-probe", engine, path, String(rows)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last(where: { $0.hasPrefix("PROBE ") }) else {
            fatalError("probe of \(engine) printed no result")
        }
        return line.dropFirst(6).split(separator: " ").map { Double($0)! }
    }

    /// Resident anonymous and file-backed bytes of this process (`/proc/self/status`).
    static func resident() -> (anon: Double, file: Double) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Double {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return (field("RssAnon"), field("RssFile"))
    }

    /// The child's side: open, then point reads, printing `PROBE open anonOpen fileOpen anonRead fileRead`.
    static func probe(engine: String, path: String, rows: Int) throws {
        var rng = SplitMix(state: 7)
        let ids = (0..<reads).map { _ in Int64.random(in: 0..<Int64(rows), using: &rng) }
        let base = resident()
        var found = 0
        let afterOpen: (anon: Double, file: Double)
        let seconds: Double
        if engine == "sqlite-wal" {
            var db: OpaquePointer?
            seconds = measure {
                sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil)
                // SQLite opens lazily; reading the schema is the part of its open that touches the file.
                sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nil, nil, nil)
            }
            afterOpen = resident()
            var statement: OpaquePointer?
            sqlite3_prepare_v2(db, "SELECT text FROM messages WHERE id = ?", -1, &statement, nil)
            for id in ids {
                sqlite3_bind_int64(statement, 1, id)
                if sqlite3_step(statement) == SQLITE_ROW { found += 1 }
                sqlite3_reset(statement)
            }
            sqlite3_finalize(statement)
            sqlite3_close_v2(db)
        } else {
            var options = StoreOptions(durability: .unsynced)
            options.usesPageFile = engine == "store-pages"
            var store: Store?
            seconds = try measure { store = try Store.open(at: path, schema: StoreRunner.schema, options: options) }
            afterOpen = resident()
            let snapshot = store!.snapshot
            for id in ids where try snapshot.get("messages", primaryKey: .int(id)) != nil { found += 1 }
            store!.close()
        }
        precondition(found == reads, "\(engine) found \(found) of \(reads) rows")
        let afterReads = resident()
        print("PROBE \(seconds) \(afterOpen.anon - base.anon) \(afterOpen.file - base.file) \(afterReads.anon - base.anon) \(afterReads.file - base.file)")
    }
}
