import Foundation

/// Parameters shared by both engines so they run exactly the same work.
struct Workload {
    let rows: Int
    let chats = 1000
    let authors = 5000
    let guilds = 100
    var members: Int { max(1000, rows / 10) }
    let batch = 10_000
    let singleCommits = 1000
    let concurrentThreads = 8
    let concurrentCommits = 4000
    let pointReads = 200_000
    let chatQueries = 5000
    let leaderboardQueries = 20_000
    /// Rows written after the last checkpoint before the "open with a log to replay" measurement,
    /// in commits of `logBatch` rows.
    var logRows: Int { max(10_000, rows / 10) }
    let logBatch = 100

    /// Message `i`: chat, time (µs, increasing with i), author, text.
    func message(_ i: Int) -> (chat: Int, time: Int64, author: Int, text: String) {
        ((i &* 7919) % chats, 1_700_000_000_000_000 + Int64(i) * 1000, (i &* 104_729) % authors, "message \(i) in a chat about things")
    }

    func member(_ i: Int) -> (guild: Int, xp: Int) { (i % guilds, (i &* 2_654_435_761) % 1_000_000) }

    /// The time before which the oldest 10% of messages lie.
    var expiryCutoff: Int64 { message(rows / 10).time }
}

/// Seconds taken by `body`.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Resident set size of this process in bytes.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (Int(fields.count > 1 ? fields[1] : "0") ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Total size of the files in a directory (or of one file).
func diskBytes(_ path: String) -> Int {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
    if !isDirectory.boolValue { return ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0 }
    return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).reduce(0) { $0 + diskBytes(path + "/" + $1) }
}

/// A deterministic generator so both engines see the same random keys.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One database engine running the benchmark workloads.
protocol Engine: AnyObject {
    var name: String { get }
    func bulkLoad() throws
    func singleCommits(ids: Range<Int>) throws
    func concurrentCommits(ids: Range<Int>) throws
    /// Each returns how many rows it read, so both engines can be checked for equal work.
    func pointReads(_ ids: [Int]) throws -> Int
    func newestInChat(_ chats: [Int]) throws -> Int
    func leaderboard(_ guilds: [Int]) throws -> Int
    func expireOldest() throws -> Int
    /// Checkpoints, closes every connection, and times an open until the engine answers.
    func openAfterCheckpoint() throws -> (seconds: Double, diskPerRow: Double)
    /// Writes `Workload.logRows` rows after the last checkpoint, closes without checkpointing,
    /// and times an open that has to replay (SQLite: recover) that log.
    func openWithLog() throws -> (seconds: Double, logBytes: Int)
    /// Closes everything and deletes the engine's files.
    func remove()
    /// Whether the two open workloads apply (an engine over another's server leaves them to it).
    var measuresOpens: Bool { get }
}

extension Engine {
    var measuresOpens: Bool { true }
}
