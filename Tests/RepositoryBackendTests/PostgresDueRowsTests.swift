import Foundation
import SchemaGenPostgres
@testable import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// A `handled` retention rule's due rows selected by one statement on the server are the rows
/// the store's Swift check selects: time set and before the bound, and the rule's condition with
/// its two-valued null rules, in primary-key order.
@Suite struct PostgresDueRowsTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("tasks", columns: [.init("id", .int), .init("due_at", .timestamp, nullable: true),
                                           .init("kind", .string, nullable: true), .init("tries", .int, nullable: true)], primaryKey: ["id"]),
    ])

    @Test func dueRowsOnTheServerAreTheRowsTheSwiftCheckSelects() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        try database.server.run("CREATE TABLE tasks (id bigint PRIMARY KEY, due_at timestamptz, kind text, tries integer);", database: database.name)
        let access = try PostgresAccess.connect(url: database.url, schema: Self.schema, maximumConnections: 1)
        defer { access.close() }
        var random = RandomSource(seed: 4)
        let kinds: [String?] = [nil, "mail", "Mail", "ping", ""]
        let start: Int64 = 1_750_000_000_000_000
        try access.withTransaction { writer in
            for id in 1...60 {
                let due: StoreValue = random.int(0..<5) == 0 ? .null : .timestamp(start + Int64(random.int(0..<100_000)) * 1_000)
                let tries: StoreValue = random.int(0..<4) == 0 ? .null : .int(Int64(random.int(0..<5)))
                try writer.insert([.int(Int64(id)), due, kinds[random.int(0..<kinds.count)].map(StoreValue.string) ?? .null, tries], into: "tasks")
            }
        }
        let columns = ["id": 0, "due_at": 1, "kind": 2, "tries": 3]
        func leaf(_ random: inout RandomSource) -> RowCondition {
            switch random.int(0..<5) {
            case 0: return .compare("tries", [.less, .equal, .notEqual, .greaterOrEqual][random.int(0..<4)], .int(Int64(random.int(0..<5))))
            case 1: return .compare("kind", [.equal, .notEqual, .less][random.int(0..<3)], .string(["mail", "Mail", "p"][random.int(0..<3)]))
            case 2: return random.bool() ? .isNull("kind") : .isNotNull("tries")
            case 3: return .compare("tries", .equal, .null)
            default: return .and([])
            }
        }
        func condition(_ random: inout RandomSource, depth: Int) -> RowCondition {
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
                #expect(selected == expected, "round \(round): \(String(describing: rule))")
            }
        }
    }
}
