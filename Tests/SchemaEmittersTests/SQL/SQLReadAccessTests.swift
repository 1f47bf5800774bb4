import SchemaEmitters
import SchemaLanguage
import Testing

/// `access { read: … }`: a module listed only as a reader gets a PostgreSQL role with `SELECT`
/// on exactly the tables that list it, and no write anywhere (not even on tables without writer
/// lists); writers keep reading every table.
@Suite("Read access on PostgreSQL")
struct SQLReadAccessTests {
    static let text = """
        schema reads {
          targets postgres
        }
        table events {
          id   int64 primary auto
          body text
          access {
            write: app
            read: analytics, admin.audit
          }
        }
        table secrets {
          id   int64 primary auto
          body text
          access { write: app }
        }
        table open_notes {
          id   int64 primary auto
          body text
        }
        """

    @Test func readersSelectOnlyWhereListed() throws {
        let schema = try SeedSchemas.compile(Self.text)
        #expect(schema.entity(named: "events")?.access.read == ["analytics", "admin.audit"])
        #expect(schema.entity(named: "events")?.access.modules == ["app"])
        let db = try SQLTestDatabase.fresh(.postgres)
        let isolated = SQLTestSupport.isolated(schema, database: db.name)
        let ddl = SQLEmitter().ddl(isolated, for: .postgres)
        #expect(ddl.contains("GRANT SELECT ON \"events\" TO \"\(isolated.name).admin.audit\", \"\(isolated.name).analytics\";"))
        try db.run(ddl)
        let analytics = "\(isolated.name).analytics", app = "\(isolated.name).app"
        try db.run("INSERT INTO events (body) VALUES ('x'); INSERT INTO secrets (body) VALUES ('s');", role: app)
        #expect(try db.column("SELECT body FROM events", role: analytics) == ["x"])
        db.expectRejected("SELECT body FROM secrets", role: analytics, containing: "permission denied")
        db.expectRejected("SELECT body FROM open_notes", role: analytics, containing: "permission denied")
        db.expectRejected("INSERT INTO events (body) VALUES ('y')", role: analytics, containing: "permission denied")
        db.expectRejected("INSERT INTO open_notes (body) VALUES ('y')", role: analytics, containing: "permission denied")
        #expect(try db.column("SELECT body FROM secrets", role: app) == ["s"])
    }

    @Test func readListIsFormattedAndDiffed() throws {
        let formatted = try #require(SchemaFormatter.format(path: "r.schema", text: Self.text).formatted)
        #expect(formatted.contains("read: analytics, admin.audit"))
        let old = try SeedSchemas.compile(Self.text.replacingOccurrences(of: "    read: analytics, admin.audit\n", with: ""))
        let new = try SeedSchemas.compile(Self.text)
        let changes = try #require(SchemaDiff.compare(old, new).diff).changes
        #expect(changes.map(\.summary) == ["events: readers changed"])
    }

    /// Adding and removing a read list migrates both ways on the server.
    @Test func readListMigratesBothWays() throws {
        let without = Self.text.replacingOccurrences(of: "    read: analytics, admin.audit\n", with: "")
        try MigrationRoundTripTests.roundTrip(from: without, to: Self.text, in: .postgres, withRows: true)
    }
}
