import Foundation

/// The raw results of one benchmark run: every round of every engine, as measured. The README
/// and docs tables are rendered from this file (`--render`), never typed in by hand.
struct BenchmarkResults: Codable {
    struct Measurement: Codable {
        let round: Int
        let engine: String
        let metric: String
        let value: Double
    }

    /// When the run started (ISO 8601, UTC).
    var started: String
    var finished: String?
    var rows: Int
    var rounds: Int
    /// Machine and software the run saw.
    var cores: Int
    var memoryBytes: UInt64
    var system: String
    var sqliteVersion: String
    /// Engine name → pragmas every connection of that engine ran.
    var sqlitePragmas: [String: [String]]
    /// The store's checkpoint format (``StoreFormatChoice``'s raw value); nil in files written
    /// before the format could be chosen, all of which ran on the snapshot file.
    var storeFormat: String? = nil
    /// The PostgreSQL engine's server version and its settings beyond initdb's (nil: not run).
    var postgresVersion: String?
    var postgresSettings: [String]?
    /// 1-, 5- and 15-minute load averages at the start and the end (how shared the machine was).
    var loadAtStart: String
    var loadAtEnd: String?
    var measurements: [Measurement] = []

    mutating func add(round: Int, engine: String, _ metric: Metric, _ value: Double) {
        measurements.append(Measurement(round: round, engine: engine, metric: metric.rawValue, value: value))
    }

    /// The values of a metric for an engine, by round.
    func values(_ metric: Metric, _ engine: String) -> [Int: Double] {
        var byRound: [Int: Double] = [:]
        for m in measurements where m.metric == metric.rawValue && m.engine == engine { byRound[m.round] = m.value }
        return byRound
    }

    var engines: [String] {
        var seen: [String] = []
        for m in measurements where !seen.contains(m.engine) { seen.append(m.engine) }
        return seen
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func read(from path: String) throws -> BenchmarkResults {
        try JSONDecoder().decode(BenchmarkResults.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// What is measured; rates are per second (higher is better), `seconds` and bytes lower is better.
enum Metric: String, CaseIterable, Codable {
    case bulkLoad = "bulk load (rows/s)"
    case singleCommits = "durable single-row commits (commits/s)"
    case concurrentCommits = "concurrent durable commits, 8 threads (commits/s)"
    case pointReads = "point reads by key (reads/s)"
    case newestInChat = "newest 100 messages of a chat (queries/s)"
    case leaderboard = "top-10 leaderboard (queries/s)"
    case expiry = "expire 10% of rows by time (rows/s)"
    case openAfterCheckpoint = "open after a checkpoint (s)"
    case openWithLog = "open with a log to replay (s)"
    case logBytes = "log replayed at that open (bytes)"
    case memoryPerRow = "memory (RSS growth during bulk load) per row (bytes)"
    case diskPerRow = "disk per row after checkpoint (bytes)"
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
