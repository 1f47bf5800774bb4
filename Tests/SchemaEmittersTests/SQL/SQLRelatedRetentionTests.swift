import SchemaEmitters
import SchemaLanguage
import Testing

/// Rules by a related row's time (`by user_id -> users.last_seen`) on every dialect: the jobs
/// delete or archive exactly the rows whose referenced row is old enough, never one whose
/// referenced row is missing or has no time, and the report counts those.
@Suite("SQL retention by a related row's time on real servers")
struct SQLRelatedRetentionTests {
    static let text = """
        schema related_retention {
          targets sqlite, postgres, mysql
        }

        table users {
          user_id   int64 primary
          last_seen timestamp?
        }

        table members {
          id       int64 primary auto
          user_id  int64? -> users.user_id on delete cascade
          guild_id int64
          retain { archive after 180d by user_id -> users.last_seen into members_archive where guild_id != 7 }
        }

        table members_archive like members {
          retain { forever }
        }

        table sessions {
          id      int64 primary auto
          user_id int64 -> users.user_id on delete cascade
          retain { delete after inactive_for = 30d by user_id -> users.last_seen }
        }
        """

    /// The rows both tests start from: users seen 200, 10 and 40 days ago, and one never seen.
    static func insertRows(_ db: SQLTestDatabase) throws {
        try db.run("""
            INSERT INTO users (user_id, last_seen) VALUES (1, \(db.ago(days: 200))), (2, \(db.ago(days: 10))), (3, NULL),
              (4, \(db.ago(days: 40)));
            INSERT INTO members (id, user_id, guild_id) VALUES (1, 1, 1), (2, 2, 1), (3, 3, 1), (4, NULL, 1), (5, 1, 7), (6, 4, 1);
            INSERT INTO sessions (id, user_id) VALUES (1, 1), (2, 2), (3, 3), (4, 4);
            """)
    }

    @Test(arguments: SQLDialect.allCases)
    func jobsReachExactlyTheRowsWhoseRelatedTimeIsOldEnough(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(Self.text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try Self.insertRows(db)
        let retention = SQLEmitter().retention(schema, for: dialect)
        for run in 1...2 {  // the second run finds nothing left to do
            let report = try db.query(retention)
            // Member 3's user has no last_seen, member 4 has no user: never due, and reported.
            #expect(report == [
                ["members: rows with no users.last_seen are never reached by 'archive after 180d by user_id -> users.last_seen into members_archive where guild_id != 7'", "2"],
                ["sessions: rows with no users.last_seen are never reached by 'delete after inactive_for = 30d by user_id -> users.last_seen'", "1"],
            ], "run \(run)")
            #expect(try db.column("SELECT id FROM members ORDER BY id;") == ["2", "3", "4", "5", "6"])
            #expect(try db.query("SELECT id, user_id, guild_id FROM members_archive ORDER BY id;") == [["1", "1", "1"]])
            #expect(try db.column("SELECT id FROM sessions ORDER BY id;") == ["2", "3"])
        }
    }

    /// A rule that says `where user_id -> users.last_seen is not null` leaves the same rows, and
    /// the report no longer counts them (it is intended); the other rule's count stays.
    @Test(arguments: SQLDialect.allCases)
    func sayingTheRelatedTimeIsSetDropsItsReportLine(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let said = Self.text.replacingOccurrences(of: "into members_archive where guild_id != 7",
                                                  with: "into members_archive where guild_id != 7 and user_id -> users.last_seen is not null")
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(said), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try Self.insertRows(db)
        let report = try db.query(SQLEmitter().retention(schema, for: dialect))
        #expect(report == [
            ["sessions: rows with no users.last_seen are never reached by 'delete after inactive_for = 30d by user_id -> users.last_seen'", "1"],
        ])
        #expect(try db.column("SELECT id FROM members ORDER BY id;") == ["2", "3", "4", "5", "6"])
        #expect(try db.query("SELECT id, user_id, guild_id FROM members_archive ORDER BY id;") == [["1", "1", "1"]])
    }

    /// A named period read through the related time: 50 days keeps user 4's session (seen 40 days ago).
    @Test(arguments: SQLDialect.allCases)
    func namedPeriodAppliesToTheRelatedTime(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(Self.text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try Self.insertRows(db)
        try db.run(SQLEmitter().retention(schema, for: dialect),
                   prelude: SQLRetentionPeriodTests.setting("inactive_for_days", to: 50, in: dialect, schema: schema))
        #expect(try db.column("SELECT id FROM sessions ORDER BY id;") == ["2", "3", "4"])
    }

    /// PostgreSQL: the retention role may read the related table and nothing more than it needs.
    @Test func retentionRoleReadsTheRelatedTable() throws {
        let schema = try SeedSchemas.compile(Self.text)
        let ddl = SQLEmitter().ddl(schema, for: .postgres)
        #expect(ddl.contains("GRANT SELECT ON \"users\" TO \"related_retention:retention\";"))
        #expect(ddl.contains("GRANT SELECT, DELETE ON \"sessions\" TO \"related_retention:retention\";"))
        #expect(ddl.contains("GRANT SELECT, INSERT ON \"members_archive\" TO \"related_retention:retention\";"))
    }
}
