import SchemaEmitters
import SchemaLanguage
import ServerHarness
import Testing

/// `access { read: … }` on MySQL/MariaDB: a read-only module gets a role with `SELECT` on exactly
/// the tables that list it; an account holding the role reads them and the server refuses its
/// writes.
@Suite("Read access on MySQL/MariaDB")
struct MySQLReadAccessTests {
    static let text = SQLReadAccessTests.text.replacingOccurrences(of: "targets postgres", with: "targets mysql")

    @Test func readerRoleSelectsAndIsRefusedWrites() throws {
        let schema = try SeedSchemas.compile(Self.text)
        let db = try SQLTestDatabase.fresh(.mysql)
        let isolated = SQLTestSupport.isolated(schema, database: db.name)
        let ddl = SQLEmitter().ddl(isolated, for: .mysql)
        let analytics = "\(isolated.name).analytics", audit = "\(isolated.name).admin.audit"
        #expect(ddl.contains("GRANT SELECT ON `events` TO `\(audit)`, `\(analytics)`;"))
        #expect(!ddl.contains("TO `\(isolated.name).app`"), "writer modules get no MySQL role")
        try db.run(ddl)
        try db.run("INSERT INTO events (body) VALUES ('x'); INSERT INTO secrets (body) VALUES ('s');")

        // A login account that holds the role as its default, as a service would.
        let server = try MariaDBServer.shared
        let account = "reader_\(db.name)"
        try db.run("""
            CREATE USER `\(account)`@'%';
            GRANT `\(analytics)` TO `\(account)`@'%';
            SET DEFAULT ROLE `\(analytics)` FOR `\(account)`@'%';
            """)
        #expect(try server.query("SELECT body FROM events", database: db.name, user: account) == [["x"]])
        let denied = { (command: String, table: String) in
            "\(command) command denied to user '\(account)'@'127.0.0.1' for table `\(db.name)`.`\(table)`"
        }
        for (statement, command, table) in [
            ("INSERT INTO events (body) VALUES ('y')", "INSERT", "events"),
            ("UPDATE events SET body = 'y'", "UPDATE", "events"),
            ("DELETE FROM events", "DELETE", "events"),
            ("SELECT body FROM secrets", "SELECT", "secrets"),
            ("SELECT body FROM open_notes", "SELECT", "open_notes"),
            ("INSERT INTO open_notes (body) VALUES ('y')", "INSERT", "open_notes"),
        ] {
            let error = #expect(throws: SQLExecutionError.self) {
                try server.run(statement, database: db.name, user: account)
            }
            #expect(error?.message.contains("ERROR 1142 (42000) at line 1: " + denied(command, table)) == true,
                    "\(statement): \(error?.message ?? "")")
        }
        #expect(try db.column("SELECT body FROM events") == ["x"], "the refused writes changed nothing")
    }

    /// Adding and removing a read list migrates both ways on the server, grants included.
    @Test func readListMigratesBothWays() throws {
        let without = Self.text.replacingOccurrences(of: "    read: analytics, admin.audit\n", with: "")
        try MigrationRoundTripTests.roundTrip(from: without, to: Self.text, in: .mysql, withRows: true)
    }

    /// A renamed table keeps its readers: the old name's grant is revoked before the rename.
    @Test func renamedTableMovesItsGrant() throws {
        let renamed = Self.text.replacingOccurrences(of: "table events {", with: "table happenings was events {")
        try MigrationRoundTripTests.roundTrip(from: Self.text, to: renamed, in: .mysql, withRows: true)
    }

    /// Role names past MySQL's 32 characters are shortened with a hash, so both engines accept them.
    @Test func longRoleNamesFitMySQL() throws {
        let long = Self.text.replacingOccurrences(of: "admin.audit", with: "administration.quarterly_audit")
        let ddl = SQLEmitter().ddl(try SeedSchemas.compile(long), for: .mysql)
        let roles = ddl.split(separator: "\n").filter { $0.hasPrefix("CREATE ROLE IF NOT EXISTS ") }
        #expect(roles.count == 2)
        #expect(roles.allSatisfy { $0.count - "CREATE ROLE IF NOT EXISTS ``;".count <= 32 })
    }

    /// `CREATE ROLE IF NOT EXISTS` cannot tell a role the script made from one someone else made:
    /// the script says so, naming the roles, right above the statements that would adopt them.
    @Test func theScriptSaysAnExistingRoleIsAdopted() throws {
        let ddl = SQLEmitter().ddl(try SeedSchemas.compile(Self.text), for: .mysql)
        #expect(ddl.contains("""
            -- CREATE ROLE IF NOT EXISTS adopts an existing account or role of the same name, which then receives \
            these grants: give no other account or role the name reads.admin.audit, reads.analytics.
            CREATE ROLE IF NOT EXISTS `reads.admin.audit`;
            """))
    }
}
