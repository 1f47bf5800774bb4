import Foundation
import HostileNamesPostgres
import SchemaGenRuntime
import ServerHarness
import Testing

/// The hostile-names corpus on PostgreSQL: its facade compiles beside entity types named like the
/// PostgreSQL libraries' own (`PostgresAccess`, `PostgresMigration`, `MigrationRefusal`, …),
/// because it names those qualified, and it runs: a record of such a type stores and loads, and a
/// sweep runs the retention jobs of periods named with Swift keywords.
@Suite struct HostileNamesPostgresTests {
    @Test func facadeRunsBesideTypesNamedLikeThePostgresLibraries() throws {
        // One DDL script at a time: it creates the schema's roles, which belong to the whole server.
        let database = try PostgresDatabase(ddlFile: "Tests/Fixtures/hostile_names/names/sql/postgres.sql")
        let clock = TestClock()
        let db = try NamesPostgresDatabase.connect(url: database.url, clock: clock.function)
        defer { db.close() }
        // The entity type, not the library's access type, in this file too: written qualified.
        let record = try db.postgresAccess.insert(NamesData.PostgresAccess())
        #expect(try db.postgresAccess.get(id: record.id) == record)
        #expect(type(of: db.access) == SchemaGenPostgresAccess.PostgresAccess.self)

        try db.retentions.insert(RetentionRecord(createdAt: clock.now - 40 * 86_400))
        try db.retentions.insert(RetentionRecord(createdAt: clock.now - 10 * 86_400, seenAt: clock.now - 8 * 86_400))
        try db.retentions.insert(RetentionRecord(createdAt: clock.now))
        var expected = SweepReport(entity: "retentions")
        expected.expired = 2
        #expect(try db.sweep(now: clock.now)["retentions"] == expected)
        #expect(try db.retentions.count() == 1)
    }
}
