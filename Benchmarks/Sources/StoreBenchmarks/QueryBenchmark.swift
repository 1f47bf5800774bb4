import Foundation
import SchemaGenRuntime

/// The benchmark's `messages` row as a typed record, written by hand the way schemagen
/// generates one, so the store side runs the typed query API (planner, filters, groups).
struct BenchMessage: FilterableRecord {
    static let tableName = "messages"
    static let entityName = "messages"
    static let primaryKeyPositions = [0]
    let id: Int64, chat: Int64, time: Date, author: Int64, text: String

    init(row: Row) throws {
        id = try Int64(storeValue: row[0])
        chat = try Int64(storeValue: row[1])
        time = try Date(storeValue: row[2])
        author = try Int64(storeValue: row[3])
        text = try String(storeValue: row[4])
    }

    var row: Row { [id.storeValue, chat.storeValue, time.storeValue, author.storeValue, text.storeValue] }

    struct QueryFields: Sendable {
        let chat = QueryField<BenchMessage, Int64>(position: 1, name: "chat")
        let time = QueryField<BenchMessage, Date>(position: 2, name: "time")
        let author = QueryField<BenchMessage, Int64>(position: 3, name: "author")
    }

    static var queryFields: QueryFields { QueryFields() }
}

/// Filtered scans and aggregates on the messages table, typed queries on the store against
/// prepared SQL on tuned SQLite; both must give the same answers.
struct QueryBenchmark {
    let w: Workload
    let store: StoreRunner
    let sqlite: SQLiteRunner
    let count = 2_000, groups = 300

    func run(rounds: Int) throws {
        let access = StoreAccess(store: store.store)
        let span = Int64(w.rows) * 1000
        let countSQL = sqlite.db.prepare("SELECT count(*) FROM messages WHERE chat = ? AND author = ? AND time >= ? AND time < ?")
        let perDaySQL = sqlite.db.prepare("SELECT time / 86400000000, count(*) FROM messages WHERE chat = ? GROUP BY 1")
        let topSQL = sqlite.db.prepare("SELECT author, count(*) AS n FROM messages WHERE chat = ? GROUP BY author ORDER BY n DESC, author LIMIT 10")
        var timings: [String: [(store: Double, sqlite: Double)]] = [:]
        for round in 0..<rounds {
            var rng = SplitMix(state: UInt64(round + 7))
            let windows = (0..<count).map { _ -> (Int64, Int64, Int64, Int64) in
                let i = Int.random(in: 0..<w.rows, using: &rng)
                let m = w.message(i)
                let start = m.time - Int64.random(in: 0...(span / 10), using: &rng)
                return (Int64(m.chat), Int64(m.author), start, start + span / 5)
            }
            let chats = (0..<groups).map { _ in Int64(Int.random(in: 0..<w.chats, using: &rng)) }
            var storeSum = 0, sqliteSum = 0
            let storeCount = try measure {
                for (chat, author, from, to) in windows {
                    storeSum += try Query<BenchMessage, StoreAccess>(access: access, planning: .all, order: .indexOrder, scope: nil).filter {
                        $0.chat == chat && $0.author == author && $0.time >= StoreTime.date(from) && $0.time < StoreTime.date(to)
                    }.count()
                }
            }
            let sqliteCount = measure {
                for (chat, author, from, to) in windows { sqliteSum += countSQL.scalar([chat, author, from, to]) }
            }
            precondition(storeSum == sqliteSum, "window counts differ: \(storeSum) vs \(sqliteSum)")
            var storeGroups = 0, sqliteGroups = 0
            let storePerDay = try measure {
                for chat in chats {
                    storeGroups += try Query<BenchMessage, StoreAccess>(access: access, planning: .all, order: .indexOrder, scope: nil)
                        .filter { $0.chat == chat }.group(byDayOf: { $0.time }).count().count
                }
            }
            let sqlitePerDay = measure { for chat in chats { sqliteGroups += perDaySQL.rows([chat]) } }
            precondition(storeGroups == sqliteGroups, "day groups differ: \(storeGroups) vs \(sqliteGroups)")
            var storeTop = 0, sqliteTop = 0
            let storeTopTime = try measure {
                for chat in chats {
                    storeTop += try Query<BenchMessage, StoreAccess>(access: access, planning: .all, order: .indexOrder, scope: nil)
                        .filter { $0.chat == chat }.group(by: { $0.author }).count(order: .valueDescending, limit: 10).count
                }
            }
            let sqliteTopTime = measure { for chat in chats { sqliteTop += topSQL.rows([chat]) } }
            precondition(storeTop == sqliteTop, "top authors differ: \(storeTop) vs \(sqliteTop)")
            timings["count: chat + author + time window (\(count) queries)", default: []].append((storeCount, sqliteCount))
            timings["messages per day of a chat (\(groups) queries)", default: []].append((storePerDay, sqlitePerDay))
            timings["top 10 authors of a chat (\(groups) queries)", default: []].append((storeTopTime, sqliteTopTime))
            print("round \(round + 1) of \(rounds) done")
        }
        print("| query | store median (min–max) | SQLite tuned median (min–max) | store / SQLite |")
        print("|---|---|---|---|")
        for (name, runs) in timings.sorted(by: { $0.key < $1.key }) {
            func summary(_ values: [Double]) -> (median: Double, text: String) {
                let sorted = values.sorted()
                let median = sorted[sorted.count / 2]
                return (median, String(format: "%.1f ms (%.1f–%.1f)", median * 1000, sorted.first! * 1000, sorted.last! * 1000))
            }
            let s = summary(runs.map(\.store)), q = summary(runs.map(\.sqlite))
            print("| \(name) | \(s.text) | \(q.text) | \(String(format: "%.2f", s.median / q.median)) |")
        }
    }
}
