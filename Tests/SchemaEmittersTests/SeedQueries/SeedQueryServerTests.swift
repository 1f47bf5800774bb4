import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// Every documented query and operation of a relational seed, as SQL on a real server of each
/// dialect the seed names, over a database created from the seed's generated DDL and loaded with
/// the fixture's dataset (Tests/Fixtures/seed_queries/<schema>.json): each step returns the
/// fixture's rows — the same rows the generated Swift API returns over the store
/// (GeneratedCodeTests/SeedQueryParity).
@Suite("Seed queries on real servers")
struct SeedQueryServerTests {
    static var cases: [(String, String)] {
        SeedQueryFile.names.flatMap { name in
            ((try? SeedQueryFile.load(name))?.dialects ?? []).map { (name, $0) }
        }
    }

    @Test func theRelationalSeedsRunOnTheirOwnDialects() {
        #expect(Self.cases.map { "\($0.0) \($0.1)" }
                == ["discord_bot sqlite", "discord_bot postgres", "gryag_bot postgres", "setai_bot mysql"])
    }

    @Test(arguments: cases)
    func documentedQueriesReturnTheFixtureRows(_ name: String, _ dialectName: String) throws {
        let fixture = try SeedQueryFile.load(name)
        let dialect = try #require(SQLDialect(rawValue: dialectName))
        let db = try SQLTestDatabase.fresh(dialect)
        // The generated DDL (generated/<schema>/sql/<dialect>.sql, which the golden tests keep equal to
        // the emitter's output) with its PostgreSQL roles renamed private to this database.
        let schema = SQLTestSupport.isolated(try SeedSchemas.load(name), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try db.run(fixture.inserts(for: dialect))
        for step in fixture.steps {
            if let run = step.run {
                try db.run(try #require(run.text(for: dialect), "\(step.name): no \(dialect) statement"))
            }
            let sql = try #require(step.sql?.text(for: dialect), "\(step.name): no \(dialect) query")
            let rows = try db.query(sql)
            let sorts = step.unordered == true
            #expect((sorts ? rows.sorted(by: precedes) : rows) == (sorts ? step.rows.sorted(by: precedes) : step.rows),
                    "\(name) on \(dialect): \(step.name)")
        }
    }

    /// A wrong expectation fails: the same runner reports a changed row.
    @Test func aChangedExpectedRowIsReported() throws {
        let db = try SQLTestDatabase.fresh(.sqlite)
        let schema = try SeedSchemas.load("discord_bot")
        try db.run(SQLEmitter().ddl(schema, for: .sqlite))
        let fixture = try SeedQueryFile.load("discord_bot")
        try db.run(fixture.inserts(for: .sqlite))
        let step = try #require(fixture.steps.first { $0.name == "server leaderboard" })
        let rows = try db.query(try #require(step.sql?.text(for: .sqlite)))
        #expect(rows == step.rows)
        #expect(rows != step.rows.reversed())
    }

    private func precedes(_ left: [String], _ right: [String]) -> Bool { left.lexicographicallyPrecedes(right) }
}
