import Foundation
import SchemaEmitters
import SchemaLanguage
import ServerHarness
import Testing

/// The hostile corpus reached through migrations: created from nothing and dropped again by the
/// up and down scripts of each engine, with every payload kept in its quoting (the canary table
/// survives, no table or role appears that the schema did not name), and the MongoDB migration
/// and the review report keep theirs too.
@Suite("Hostile corpus through migrations")
struct HostileMigrationTests {
    @Test(arguments: SQLDialect.allCases)
    func upAndDownCreateAndDropExactlyTheSchemasTables(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let token = SQLObjects.token(db)
        try db.run("CREATE TABLE canary (id INTEGER);")
        let superusers = dialect == .postgres ? try SQLObjects.superusers(db) : []
        let schema = SQLTestSupport.isolated(try HostileSchema.schema(token: token), database: token)
        let diff = try #require(SchemaDiff.compare(Schema.empty(like: schema), schema).diff)
        try db.run(diff.migration(for: dialect).render())
        #expect(try SQLObjects.tables(db) == HostileSchema.tableNames(token: token).union(["canary"]))
        try db.run(diff.reversed.migration(for: dialect).render())
        #expect(try SQLObjects.tables(db) == ["canary"])
        #expect(!FileManager.default.fileExists(atPath: HostileSchema.shellMarker(token: token).path), "a client ran a shell command")
        if dialect == .postgres {
            #expect(try SQLObjects.superusers(db) == superusers)
            #expect(try SQLObjects.roles(db, prefix: "pwned").isEmpty)
        }
    }

    @Test func mongoMigrationParsesAndReportKeepsItsTables() throws {
        let schema = try HostileSchema.schema(token: "mig")
        let diff = try #require(SchemaDiff.compare(Schema.empty(like: schema), schema).diff)
        try NodeSyntaxCheck.check(javascript: MongoMigration(diff: diff).render())
        try NodeSyntaxCheck.check(javascript: MongoMigration(diff: diff.reversed).render())
        let report = ReviewReport(diff: diff, dialects: SQLDialect.allCases, includesMongo: true).render()
        let rows = report.split(separator: "\n").filter { $0.hasPrefix("| `SG") }
        #expect(rows.count == diff.changes.count)
        for row in rows {
            // Four cells (code, change, classes, embedded store): escaped pipes do not count.
            #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 5, "\(row)")
        }
    }
}
