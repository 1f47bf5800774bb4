import SchemaEmitters
import SchemaLanguage
import Testing

/// The retention script, run against rows of chosen ages, removes, deactivates, archives and caps
/// exactly the rows its rules name, on every dialect, and running it again changes nothing.
@Suite("SQL retention jobs on real servers")
struct SQLRetentionTests {
    static let text = """
        schema retention_jobs {
          targets sqlite, postgres, mysql
        }

        table logs {
          id         int64 primary auto
          level      enum(debug, info, error)
          created_at timestamp
          retain { delete after 30d by created_at where level in (debug, info) }
        }

        table sessions {
          id         int64 primary auto
          expires_at timestamp?
          retain { delete at expires_at }
        }

        table warnings {
          id         int64 primary auto
          kind       enum(minor, major)
          created_at timestamp
          active     bool? = true
          updated_at timestamp = now on update now
          retain { deactivate after 90d by created_at set active = false where kind = minor }
        }

        table bans {
          id         int64 primary auto
          expires_at timestamp?
          status     enum(active, lifted) = active
          retain { deactivate at expires_at set status = lifted }
        }

        table payments {
          id         int64 primary auto
          amount     int32
          note       text?
          created_at timestamp
          settled    bool = false
          retain { archive after 90d by created_at into payments_archive where settled = true }
        }

        table payments_archive like payments {
          retain { forever }
        }

        table tokens {
          id         int64 primary auto
          created_at timestamp
          retain { delete after 36h by created_at }
        }

        table memories {
          id         int64 primary auto
          user_id    int64
          created_at timestamp?
          retain { keep newest 3 per user_id by created_at }
        }
        """

    @Test(arguments: SQLDialect.allCases)
    func retentionJobsTouchExactlyTheRowsTheirRulesName(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = try SeedSchemas.compile(Self.text)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        let yes = dialect == .sqlite ? "1" : "TRUE", no = dialect == .sqlite ? "0" : "FALSE"
        func ago(_ days: Int) -> String { db.ago(days: days) }

        try db.run("""
            INSERT INTO logs (id, level, created_at) VALUES
              (1, 'debug', \(ago(40))), (2, 'info', \(ago(31))), (3, 'error', \(ago(400))), (4, 'debug', \(ago(29)));
            INSERT INTO sessions (id, expires_at) VALUES (1, \(ago(1))), (2, \(db.fromNow(days: 1))), (3, NULL);
            INSERT INTO warnings (id, kind, created_at, active, updated_at) VALUES
              (1, 'minor', \(ago(100)), \(yes), \(ago(100))), (2, 'major', \(ago(100)), \(yes), \(ago(100))),
              (3, 'minor', \(ago(10)), \(yes), \(ago(10))), (4, 'minor', \(ago(200)), \(no), \(ago(200))),
              (5, 'minor', \(ago(100)), NULL, \(ago(100)));
            INSERT INTO bans (id, expires_at) VALUES (1, \(ago(1))), (2, \(db.fromNow(days: 5))), (3, NULL);
            INSERT INTO payments (id, amount, note, created_at, settled) VALUES
              (1, 10, 'old settled', \(ago(100)), \(yes)), (2, 20, NULL, \(ago(100)), \(no)), (3, 30, 'new', \(ago(5)), \(yes)),
              (4, 40, 'older settled', \(ago(365)), \(yes));
            INSERT INTO tokens (id, created_at) VALUES (1, \(ago(2))), (2, \(ago(1)));
            INSERT INTO memories (id, user_id, created_at) VALUES
              (1, 1, \(ago(1))), (2, 1, \(ago(2))), (3, 1, \(ago(3))), (4, 1, \(ago(4))), (5, 1, \(ago(5))),
              (6, 2, \(ago(1))), (7, 2, \(ago(9))),
              (8, 3, NULL), (9, 3, \(ago(7))), (10, 3, \(ago(8))), (11, 3, \(ago(9)));
            """)

        let retention = SQLEmitter().retention(schema, for: dialect)
        for _ in 1...2 {  // the second run finds nothing left to do
            try db.run(retention)
            #expect(try db.column("SELECT id FROM logs ORDER BY id;") == ["3", "4"])
            #expect(try db.column("SELECT id FROM sessions ORDER BY id;") == ["2", "3"])
            #expect(try db.query("SELECT id, \(db.bit("active")) FROM warnings ORDER BY id;")
                    == [["1", "0"], ["2", "1"], ["3", "1"], ["4", "0"], ["5", "0"]])
            // Already inactive: not rewritten, so its on-update timestamp stays.
            #expect(try db.column("SELECT id FROM warnings WHERE updated_at < \(ago(150)) ORDER BY id;") == ["4"])
            #expect(try db.query("SELECT id, status FROM bans ORDER BY id;") == [["1", "lifted"], ["2", "active"], ["3", "active"]])
            #expect(try db.column("SELECT id FROM payments ORDER BY id;") == ["2", "3"])
            #expect(try db.query("SELECT id, amount, note, \(db.bit("settled")) FROM payments_archive ORDER BY id;")
                    == [["1", "10", "old settled", "1"], ["4", "40", "older settled", "1"]])
            #expect(try db.column("SELECT id FROM tokens ORDER BY id;") == ["2"])  // 36h: not whole days
            #expect(try db.column("SELECT id FROM memories ORDER BY id;") == ["1", "2", "3", "6", "7", "9", "10", "11"])
        }
        // The archived rows keep their age.
        #expect(try db.column("SELECT COUNT(*) FROM payments_archive WHERE created_at < \(ago(99));") == ["2"])
    }

    /// The seed schemas' jobs on their own rows: discord_bot's warnings are deactivated at 90 days
    /// and hard deleted at 365 (GDPR); its temporary punishments are left to the bot (handled).
    @Test(arguments: SQLDialect.allCases)
    func discordBotLifecycle(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.load("discord_bot"), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        func ago(_ days: Int) -> String { db.ago(days: days) }
        try db.run("""
            INSERT INTO warnings (id, user_id, guild_id, moderator_id, created_at) VALUES
              (1, 1, 1, 9, \(ago(10))), (2, 1, 1, 9, \(ago(100))), (3, 1, 1, 9, \(ago(400)));
            INSERT INTO temp_punishments (user_id, guild_id, punishment_type, expires_at) VALUES
              (1, 1, 'mute', \(ago(1))), (2, 1, 'ban', \(db.fromNow(days: 1)));
            INSERT INTO mod_actions (guild_id, moderator_id, target_id, action_type, created_at) VALUES (1, 9, 1, 'warn', \(ago(5000)));
            """)
        let retention = SQLEmitter().retention(schema, for: dialect)
        try db.run(retention)
        #expect(try db.query("SELECT id, \(db.bit("active")) FROM warnings ORDER BY id;") == [["1", "1"], ["2", "0"]])
        // `handled delete at expires_at`: the bot lifts the punishment first, so the job leaves the rows.
        #expect(try db.column("SELECT user_id FROM temp_punishments ORDER BY user_id;") == ["1", "2"])
        #expect(retention.contains("-- temp_punishments: handled delete at expires_at (no job: handled by the application"))
        #expect(try db.column("SELECT COUNT(*) FROM mod_actions;") == ["1"])
    }
}
