import SchemaEmitters
import SchemaLanguage
import Testing

/// `delete after … roll up into …` on every dialect: the due rows are added into the summary (new
/// keys inserted, existing ones added to) and deleted in the same job, so a second run changes
/// nothing, and rows that are not due are neither counted nor deleted.
@Suite("SQL roll-up before delete on real servers")
struct SQLRollUpTests {
    static let text = """
        schema roll_up {
          targets sqlite, postgres, mysql
        }

        table transactions {
          id         int64 primary auto
          guild_id   int64
          kind       enum(daily, gamble)
          amount     int32?
          created_at timestamp?
          retain {
            delete after 365d by created_at where created_at is not null and guild_id != 9
              roll up into daily_stats by guild_id, kind, day = day(created_at) add transactions = count, amount = sum(amount)
          }
        }

        table daily_stats {
          guild_id     int64
          kind         enum(daily, gamble)
          day          date
          transactions int64 = 0
          amount       int64 = 0
          note         text?
          primary (guild_id, kind, day)
        }
        """

    @Test(arguments: SQLDialect.allCases)
    func dueRowsAreAddedIntoTheSummaryOnceAndDeleted(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(Self.text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        let z = dialect == .postgres ? "+00" : ""  // UTC times whatever the server's zone
        // A summary row from an earlier run: this run's rows of that key add into it.
        try db.run("""
            INSERT INTO daily_stats (guild_id, kind, day, transactions, amount, note) VALUES (1, 'daily', '2020-01-01', 10, 100, 'kept');
            INSERT INTO transactions (id, guild_id, kind, amount, created_at) VALUES
              (1, 1, 'daily', 5, '2020-01-01 10:00:00\(z)'), (2, 1, 'daily', 7, '2020-01-01 23:59:59\(z)'),
              (3, 1, 'daily', NULL, '2020-01-02 00:00:00\(z)'), (4, 1, 'gamble', -3, '2020-01-01 12:00:00\(z)'),
              (5, 2, 'daily', 4, '2020-01-01 12:00:00\(z)'), (6, 1, 'daily', 1, \(db.ago(days: 10))),
              (7, 1, 'daily', 1, NULL), (8, 9, 'daily', 50, '2020-01-01 12:00:00\(z)');
            """)
        let retention = SQLEmitter().retention(schema, for: dialect)
        for run in 1...2 {  // the second run finds nothing left to add or delete
            try db.run(retention)
            #expect(try db.column("SELECT id FROM transactions ORDER BY id;") == ["6", "7", "8"], "run \(run)")
            #expect(try db.query("""
                SELECT guild_id, kind, day, transactions, amount, note FROM daily_stats ORDER BY guild_id, kind, day;
                """) == [
                    ["1", "daily", "2020-01-01", "12", "112", "kept"],
                    ["1", "daily", "2020-01-02", "1", "0", "NULL"],
                    ["1", "gamble", "2020-01-01", "1", "-3", "NULL"],
                    ["2", "daily", "2020-01-01", "1", "4", "NULL"],
                ], "run \(run)")
        }
    }

    /// PostgreSQL: the retention role may insert summary rows and update only the totals.
    @Test func retentionRoleAddsIntoTheSummary() throws {
        let ddl = SQLEmitter().ddl(try SeedSchemas.compile(Self.text), for: .postgres)
        #expect(ddl.contains("GRANT SELECT, INSERT ON \"daily_stats\" TO \"roll_up:retention\";"))
        #expect(ddl.contains("GRANT UPDATE (\"transactions\", \"amount\") ON \"daily_stats\" TO \"roll_up:retention\";"))
        #expect(ddl.contains("GRANT SELECT, DELETE ON \"transactions\" TO \"roll_up:retention\";"))
        // The job locks the due rows (`FOR UPDATE`), which needs `UPDATE` on one column: the time column.
        #expect(ddl.contains("GRANT UPDATE (\"created_at\") ON \"transactions\" TO \"roll_up:retention\";"))
    }

    /// PostgreSQL: the job's primary command is its `DELETE`, so its row count is the rows deleted
    /// (the sweep reports that), not the summary rows the insert wrote.
    @Test func postgresJobCountsTheRowsItDeletes() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(Self.text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: .postgres))
        try db.run("""
            INSERT INTO transactions (id, guild_id, kind, amount, created_at) VALUES
              (1, 1, 'daily', 5, '2020-01-01 10:00:00+00'), (2, 1, 'daily', 7, '2020-01-01 11:00:00+00'),
              (3, 1, 'daily', 2, '2020-01-01 12:00:00+00');
            """)
        let retention = SQLEmitter().retention(schema, for: .postgres)
        let start = try #require(retention.range(of: "WITH \"due\" AS ("))
        let end = try #require(retention.range(of: "USING \"due\"", range: start.upperBound..<retention.endIndex))
        let statement = String(retention[start.lowerBound..<end.upperBound]) + "\nWHERE \"transactions\".\"id\" = \"due\".\"id\";"
        #expect(retention.contains(statement))
        // Three rows, one summary row: the statement's row count is the primary command's.
        #expect(try db.column("""
            CREATE TEMPORARY TABLE counted (n bigint);
            DO $count$ DECLARE n bigint; BEGIN EXECUTE $job$\(statement.dropLast())$job$; GET DIAGNOSTICS n = ROW_COUNT;
              INSERT INTO counted VALUES (n); END $count$;
            SELECT n FROM counted;
            """) == ["3"])
        #expect(try db.column("SELECT transactions FROM daily_stats;") == ["3"])
    }
}
