import Foundation
import SchemaGenPostgres
@testable import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing
import SeededRandomness

/// A `handled` retention rule's due rows selected by one statement on the server are the rows
/// the store's Swift check selects: time set and before the bound, and the rule's condition with
/// its two-valued null rules (on doubles with -0.0, NaN and infinities, and on decimals, too), in
/// primary-key order.
@Suite struct PostgresDueRowsTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("tasks", columns: [.init("id", .int), .init("due_at", .timestamp, nullable: true),
                                           .init("kind", .string, nullable: true), .init("tries", .int, nullable: true),
                                           .init("score", .double, nullable: true),
                                           .init("price", .int, nullable: true, shape: .decimal(precision: 12, scale: 3))], primaryKey: ["id"]),
    ])

    static let createTasks = "CREATE TABLE tasks (id bigint PRIMARY KEY, due_at timestamptz, kind text, tries integer, "
        + "score double precision, price numeric(12, 3));"
    static let scores: [Double] = [0, -0.0, 1.5, -2, .nan, .infinity, -.infinity]

    @Test func dueRowsOnTheServerAreTheRowsTheSwiftCheckSelects() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        try database.server.run(Self.createTasks, database: database.name)
        let access = try PostgresAccess.connect(url: database.url, schema: Self.schema, maximumConnections: 1)
        defer { access.close() }
        var random = SeededRandom(seed: 4)
        let kinds: [String?] = [nil, "mail", "Mail", "ping", ""]
        let start: Int64 = 1_750_000_000_000_000
        try access.withTransaction { writer in
            for id in 1...60 {
                let due: StoreValue = random.int(0..<5) == 0 ? .null : .timestamp(start + Int64(random.int(0..<100_000)) * 1_000)
                let tries: StoreValue = random.int(0..<4) == 0 ? .null : .int(Int64(random.int(0..<5)))
                let score: StoreValue = random.int(0..<5) == 0 ? .null : .double(Self.scores[random.int(0..<Self.scores.count)])
                let price: StoreValue = random.int(0..<5) == 0 ? .null : .int(Int64(random.int(-3..<4)) * 500)
                try writer.insert([.int(Int64(id)), due, kinds[random.int(0..<kinds.count)].map(StoreValue.string) ?? .null, tries, score, price],
                                  into: "tasks")
            }
        }
        let columns = ["id": 0, "due_at": 1, "kind": 2, "tries": 3, "score": 4, "price": 5]
        func leaf(_ random: inout SeededRandom) -> RowCondition {
            let comparison: ComparisonOperator = [.less, .equal, .notEqual, .greaterOrEqual][random.int(0..<4)]
            switch random.int(0..<7) {
            case 5: return .compare("score", comparison, .double(Self.scores[random.int(0..<Self.scores.count)]))
            case 6: return .compare("price", comparison, .int(Int64(random.int(-3..<4)) * 500))
            case 0: return .compare("tries", comparison, .int(Int64(random.int(0..<5))))
            case 1: return .compare("kind", [.equal, .notEqual, .less][random.int(0..<3)], .string(["mail", "Mail", "p"][random.int(0..<3)]))
            case 2: return random.bool() ? .isNull("kind") : .isNotNull("tries")
            case 3: return .compare("tries", .equal, .null)
            default: return .and([])
            }
        }
        func condition(_ random: inout SeededRandom, depth: Int) -> RowCondition {
            guard depth > 0, random.bool() else { return leaf(&random) }
            switch random.int(0..<3) {
            case 0: return .and([condition(&random, depth: depth - 1), condition(&random, depth: depth - 1)])
            case 1: return .or([condition(&random, depth: depth - 1), condition(&random, depth: depth - 1)])
            default: return .not(condition(&random, depth: depth - 1))
            }
        }
        try access.withSnapshot { reader in
            let session = try #require(reader as? PostgresTableSession)
            let everything = try reader.rows("tasks")
            for round in 0..<150 {
                let rule: RowCondition? = round % 10 == 0 ? nil : condition(&random, depth: 3)
                let bound = StoreValue.timestamp(start + Int64(random.int(0..<100_000)) * 1_000)
                let expected = everything.filter { row in
                    !row[1].isNull && StoreValue.compare(row[1], bound) < 0 && (rule.map { $0.isSatisfied(by: row, columns: columns) } ?? true)
                }
                let selected = try session.dueRows(in: "tasks", timeColumn: 1, before: bound, meeting: rule)
                // As text: a row holding NaN is not `==` to itself.
                #expect(selected?.map { "\($0)" } == expected.map { "\($0)" }, "round \(round): \(String(describing: rule))")
            }
        }
    }

    /// The sweep selects a `handled` rule's due rows with that one statement, not the Swift scan:
    /// the server's own counters for the transaction (`pg_stat_xact_user_tables`) show one scan
    /// of the table, where the scan in Swift reads 600 rows in 3 keyset batches of 256. Every
    /// handler call throws, so no row is deleted and the select is the only access to the table.
    @Test func theSweepSelectsAHandledRulesDueRowsWithOneStatement() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        try database.server.run(Self.createTasks, database: database.name)
        let access = try PostgresAccess.connect(url: database.url, schema: Self.schema, retention: ["tasks": [PostgresRetentionJob(sql: nil)]],
                                                maximumConnections: 1)
        defer { access.close() }
        let start: Int64 = 1_750_000_000_000_000
        try access.withTransaction { writer in
            for id in Int64(1)...600 {
                try writer.insert([.int(id), .timestamp(start + id * 1_000), .string(id % 3 == 0 ? "mail" : "ping"), .null, .null, .null],
                                  into: "tasks")
            }
        }
        let now = StoreTime.date(start + 300_500)
        let rule = RetentionAction.handled(column: "due_at", age: nil, condition: .compare("kind", .equal, .string("mail")))
        try access.withTransaction { tx in
            let session = try #require(tx as? PostgresTableSession)
            func scans() throws -> Int64 {
                let result = try session.connection.queryBlocking(
                    "SELECT (seq_scan + COALESCE(idx_scan, 0))::bigint FROM pg_stat_xact_user_tables WHERE relname = 'tasks'")
                guard result.count == 1, case .int64(let scans) = result[0][0] else { throw UnexpectedCounters(rows: "\(result)") }
                return scans
            }
            let before = try scans()
            var offered: [Int64] = []
            let report = try Retention.sweep(entity: "tasks", table: "tasks", primaryKey: [0], rules: [rule], in: tx, now: now) { row in
                if case .int(let id) = row[0] { offered.append(id) }
                throw DeclinedTask()
            }
            #expect(try scans() - before == 1)
            #expect(offered == Array(stride(from: Int64(3), through: 300, by: 3)))
            #expect(report.handled == 0)
            #expect(report.handlerFailures.map(\.key) == offered.map { [.int($0)] })
        }
    }
}

/// What the test handler throws: it declines every due row, so none is deleted.
struct DeclinedTask: Error {}

/// The server's statistics view answered something other than one count.
struct UnexpectedCounters: Error {
    let rows: String
}
