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
        let server = try PostgresServer.shared
        let name = try server.createDatabase()
        let ddl = try String(contentsOf: PostgresDatabase.repository.appendingPathComponent("Tests/Fixtures/hostile_names/names/sql/postgres.sql"),
                             encoding: .utf8)
        _ = try server.run(ddl, database: name)
        let clock = TestClock()
        let db = try NamesPostgresDatabase.connect(url: "postgresql://\(server.superuser)@\(server.host):\(server.port)/\(name)",
                                                   clock: clock.function)
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
