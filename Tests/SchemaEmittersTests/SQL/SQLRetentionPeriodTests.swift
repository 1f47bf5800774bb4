import SchemaEmitters
import SchemaLanguage
import Testing

/// Named retention periods on real servers: the retention script uses the schema's default when
/// nobody sets the period, and the value a client sets for the run (SQLite named parameter,
/// PostgreSQL custom setting, MySQL session variable) when one does — days and seconds.
@Suite("SQL retention periods on real servers")
struct SQLRetentionPeriodTests {
    static let text = """
        schema retention_periods {
          targets sqlite, postgres, mysql
        }

        table logs {
          id         int64 primary auto
          created_at timestamp
          retain { delete after log_age = 30d by created_at }
        }

        table tokens {
          id         int64 primary auto
          created_at timestamp
          retain { delete after grace = 36h by created_at }
        }
        """

    /// How a client sets a period before the script runs, per dialect.
    static func setting(_ parameter: String, to value: Int, in dialect: SQLDialect, schema: Schema) -> String {
        switch dialect {
        case .sqlite: ".parameter set :\(parameter) \(value)"
        case .postgres: "SET \(schema.name.lowercased()).\(parameter) = \(value);"
        case .mysql: "SET @\(parameter) = \(value);"
        }
    }

    @Test(arguments: SQLDialect.allCases)
    func theScriptTakesThePeriodSetForTheRunElseTheDefault(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(Self.text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        func ago(_ days: Int) -> String { db.ago(days: days) }
        try db.run("""
            INSERT INTO logs (id, created_at) VALUES (1, \(ago(5))), (2, \(ago(12))), (3, \(ago(40)));
            INSERT INTO tokens (id, created_at) VALUES (1, \(ago(1))), (2, \(ago(3)));
            """)
        let retention = SQLEmitter().retention(schema, for: dialect)

        // Nobody set a period: 30 days and 36 hours.
        try db.run(retention)
        #expect(try db.column("SELECT id FROM logs ORDER BY id;") == ["1", "2"])
        #expect(try db.column("SELECT id FROM tokens ORDER BY id;") == ["1"])

        // 10 days and one hour for this run.
        let prelude = [Self.setting("log_age_days", to: 10, in: dialect, schema: schema),
                       Self.setting("grace_seconds", to: 3600, in: dialect, schema: schema)]
            .joined(separator: "\n")
        try db.run(retention, prelude: prelude)
        #expect(try db.column("SELECT id FROM logs ORDER BY id;") == ["1"])
        #expect(try db.column("SELECT id FROM tokens ORDER BY id;") == [])
    }

    /// The script's header names each parameter with its default and how to set it.
    @Test func theHeaderDocumentsEachParameter() throws {
        let schema = try SeedSchemas.compile(Self.text)
        let postgres = SQLEmitter().retention(schema, for: .postgres)
        #expect(postgres.contains("--   log_age: default 30 days (30d); SET retention_periods.log_age_days = <days>;"))
        #expect(postgres.contains("--   grace: default 129600 seconds (36h); SET retention_periods.grace_seconds = <seconds>;"))
        #expect(SQLEmitter().retention(schema, for: .sqlite).contains("--   log_age: default 30 days (30d); .parameter set :log_age_days <days>"))
        #expect(SQLEmitter().retention(schema, for: .mysql).contains("--   grace: default 129600 seconds (36h); SET @grace_seconds = <seconds>;"))
    }

    /// discord_bot's warnings: deactivated after the configured period (30 here) instead of 90 days.
    @Test(arguments: [SQLDialect.sqlite, .postgres])
    func discordWarningsExpireAfterTheConfiguredPeriod(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.load("discord_bot"), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try db.run("""
            INSERT INTO warnings (id, user_id, guild_id, moderator_id, created_at) VALUES
              (1, 1, 1, 9, \(db.ago(days: 10))), (2, 1, 1, 9, \(db.ago(days: 45))), (3, 1, 1, 9, \(db.ago(days: 100)));
            """)
        let retention = SQLEmitter().retention(schema, for: dialect)
        try db.run(retention)
        #expect(try db.query("SELECT id, \(db.bit("active")) FROM warnings ORDER BY id;") == [["1", "1"], ["2", "1"], ["3", "0"]])
        try db.run(retention, prelude: Self.setting("warning_expiry_days", to: 30, in: dialect, schema: schema))
        #expect(try db.query("SELECT id, \(db.bit("active")) FROM warnings ORDER BY id;") == [["1", "1"], ["2", "0"], ["3", "0"]])
    }
}
