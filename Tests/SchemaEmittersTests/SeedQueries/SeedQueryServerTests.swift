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
            #expect(step.matches(rows), "\(name) on \(dialect): \(step.name): \(rows)")
        }
    }

    /// The comparison the runner uses reports one changed cell, in an ordered and in an unordered
    /// step, and accepts an unordered step's rows in any order (but not an ordered step's).
    @Test func theComparisonCatchesAChangedCellAndIgnoresOnlyUnorderedOrder() throws {
        let db = try SQLTestDatabase.fresh(.sqlite)
        try db.run(SQLEmitter().ddl(try SeedSchemas.load("setai_bot"), for: .sqlite))
        let fixture = try SeedQueryFile.load("setai_bot")
        try db.run(fixture.inserts(for: .sqlite))
        // Steps before the first operation, so the loaded dataset is what they expect (setai_bot
        // has an ordered and an unordered one there).
        let queries = fixture.steps.prefix { $0.run == nil }
        let ordered = try #require(queries.first { $0.unordered != true && $0.rows.reversed() != $0.rows })
        let unordered = try #require(queries.first { $0.unordered == true && $0.rows.reversed() != $0.rows })
        for step in [ordered, unordered] {
            let rows = try db.query(try #require(step.sql?.text(for: .sqlite)))
            #expect(step.matches(rows), "\(step.name)")
            var changed = rows
            changed[changed.count - 1][0] += "x"
            #expect(step.matches(changed) == false, "\(step.name)")
            #expect(step.matches(Array(rows.dropLast())) == false, "\(step.name)")
            #expect(step.matches(rows.reversed()) == (step.unordered == true), "\(step.name)")
        }
    }
}
