import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// Retention jobs never lose a row and never act on a wrong clock: archives survive key
/// collisions, careless runners and concurrent changes; scripts run as one unit; MySQL's session
/// time zone and SQLite's timestamp text cannot skew what is due.
@Suite("SQL retention jobs cannot lose rows")
struct SQLRetentionSafetyTests {
    static let text = """
        schema safe_retention {
          targets sqlite, postgres, mysql
        }

        table logs {
          id         int64 primary auto
          created_at timestamp
          retain { delete after 30d by created_at }
        }

        table log_pins {
          id     int64 primary
          log_id int64 -> logs.id on delete restrict
          index (log_id)
        }

        table payments {
          id         int64 primary auto
          amount     int32
          note       text?
          created_at timestamp
          retain { archive after 90d by created_at into payments_archive }
        }

        table payments_archive like payments {
          retain { forever }
        }

        table bans {
          id         int64 primary auto
          expires_at timestamp?
          active     bool = true
          retain { deactivate at expires_at set active = false }
        }
        """

    static func setUp(_ dialect: SQLDialect, text: String = text) throws -> (SQLTestDatabase, Schema) {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        return (db, schema)
    }

    /// The archive already holds key 1 (an older copy): the old job failed on its INSERT and, under
    /// a runner that goes on after errors, deleted the source row anyway (the DELETE only checked
    /// that some archived row had that key); PostgreSQL failed on every run. Now the colliding row
    /// stays, the others move, and the report names the collision.
    @Test(arguments: SQLDialect.allCases)
    func archiveKeepsRowsWhoseKeyIsAlreadyArchived(_ dialect: SQLDialect) throws {
        let (db, schema) = try Self.setUp(dialect)
        try db.run("""
            INSERT INTO payments (id, amount, note, created_at) VALUES
              (1, 10, 'current', \(db.ago(days: 100))), (2, 20, 'due', \(db.ago(days: 100))), (3, 30, 'new', \(db.ago(days: 5)));
            INSERT INTO payments_archive (id, amount, note, created_at) VALUES (1, 99, 'older copy', \(db.ago(days: 400)));
            """)
        let retention = SQLEmitter().retention(schema, for: dialect)
        let errors = try db.runIgnoringErrors(retention)
        #expect(errors.isEmpty, "\(errors)")
        try db.run(retention)  // and again with a runner that stops at errors: nothing fails
        #expect(try db.query("SELECT id, amount, note FROM payments ORDER BY id;") == [["1", "10", "current"], ["3", "30", "new"]])
        #expect(try db.query("SELECT id, amount, note FROM payments_archive ORDER BY id;")
                == [["1", "99", "older copy"], ["2", "20", "due"]])
        #expect(try db.query(retention) == [["payments: rows due for payments_archive whose key it already holds stay", "1"]])
    }

    /// A row kept by a `restrict` reference made the job's DELETE fail on every run (and, in one
    /// unit, every other job with it): anyone able to add a reference could stop retention for
    /// all. Such rows now stay, the others go, and the report counts them.
    @Test(arguments: SQLDialect.allCases)
    func referencedRowsStayWithoutFailingTheRun(_ dialect: SQLDialect) throws {
        let (db, schema) = try Self.setUp(dialect)
        try db.run("""
            INSERT INTO logs (id, created_at) VALUES (1, \(db.ago(days: 40))), (2, \(db.ago(days: 40))), (3, \(db.ago(days: 1)));
            INSERT INTO log_pins (id, log_id) VALUES (1, 1);
            """)
        let retention = SQLEmitter().retention(schema, for: dialect)
        #expect(try db.query(retention) == [["logs: rows due for 'delete after 30d by created_at' that other rows still reference stay", "1"]])
        #expect(try db.column("SELECT id FROM logs ORDER BY id;") == ["1", "3"])
    }

    /// A failing job rolls back the whole script on PostgreSQL and MySQL, even under a runner that
    /// goes on after errors (the old jobs each committed alone); on SQLite every job is safe alone:
    /// the archive's delete needs the identical copy that the failed insert never made.
    @Test(arguments: SQLDialect.allCases)
    func aFailingJobLosesNothing(_ dialect: SQLDialect) throws {
        let (db, schema) = try Self.setUp(dialect)
        try db.run("""
            INSERT INTO logs (id, created_at) VALUES (1, \(db.ago(days: 40)));
            INSERT INTO payments (id, amount, note, created_at) VALUES (1, 10, 'due', \(db.ago(days: 100)));
            """)
        // Sabotage the archive: its inserts now fail.
        switch dialect {
        case .sqlite:
            try db.run("CREATE TRIGGER sabotage BEFORE INSERT ON payments_archive BEGIN SELECT RAISE(ABORT, 'sabotage'); END;")
        case .postgres:
            try db.run("ALTER TABLE payments_archive ADD CONSTRAINT sabotage CHECK (amount < 0) NOT VALID;")
        case .mysql:
            try db.run("CREATE TRIGGER sabotage BEFORE INSERT ON payments_archive FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'sabotage';")
        }
        let errors = try db.runIgnoringErrors(SQLEmitter().retention(schema, for: dialect))
        #expect(!errors.isEmpty)
        #expect(try db.column("SELECT note FROM payments;") == ["due"])
        #expect(try db.column("SELECT COUNT(*) FROM payments_archive;") == ["0"])
        if dialect != .sqlite {
            // The expiry that ran before the failing job was rolled back with it.
            #expect(try db.column("SELECT id FROM logs;") == ["1"])
        }
    }

    /// PostgreSQL: an UPDATE committed while the job runs. The old job copied the row, the update
    /// committed, and the job's DELETE removed the updated row: the change was lost. The job is now
    /// one statement that locks the rows it moves: the update waits and then finds no row.
    @Test func postgresArchiveLosesNoConcurrentChange() throws {
        let (db, schema) = try Self.setUp(.postgres)
        try db.run("INSERT INTO payments (id, amount, note, created_at) VALUES (1, 10, 'before', \(db.ago(days: 100)));")
        // Slow the archive's inserts down so the update lands in the middle of the job.
        try db.run("""
            CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$;
            CREATE TRIGGER slow BEFORE INSERT ON payments_archive FOR EACH ROW EXECUTE FUNCTION slow();
            GRANT EXECUTE ON FUNCTION slow() TO PUBLIC;
            """)
        let retention = SQLEmitter().retention(schema, for: .postgres)
        let job = Thread.detachNewThreadWithResult { try db.run(retention) }
        Thread.sleep(forTimeInterval: 0.5)
        let updated = try db.column("UPDATE payments SET note = 'after' WHERE id = 1 RETURNING id;")
        try job.value()
        let kept = try db.column("SELECT note FROM payments UNION ALL SELECT note FROM payments_archive;")
        if updated == ["1"] {
            #expect(kept.contains("after"), "the committed update was lost: \(kept)")
        } else {
            #expect(kept == ["before"])
        }
    }

    /// A ban due in 10 hours, a session in UTC+13: the old MySQL job compared with the session's
    /// clock and lifted it. The script now fixes the session to UTC first.
    @Test func mysqlJobsUseUTCWhateverTheSessionTimeZone() throws {
        let (db, schema) = try Self.setUp(.mysql)
        try db.run("""
            INSERT INTO bans (id, expires_at) VALUES (1, UTC_TIMESTAMP(6) + INTERVAL 10 HOUR), (2, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR);
            """)
        try db.run(SQLEmitter().retention(schema, for: .mysql), prelude: "SET time_zone = '+13:00'")
        #expect(try db.query("SELECT id, \(db.bit("active")) FROM bans ORDER BY id;") == [["1", "1"], ["2", "0"]])
    }

    /// SQLite compares timestamps as text: an ISO-8601 `T…Z` value or a Unix time would sort
    /// wrongly, so the column refuses them; CURRENT_TIMESTAMP's form (with or without fractional
    /// seconds) is accepted.
    @Test func sqliteTimestampsMustHaveTheComparableForm() throws {
        let (db, _) = try Self.setUp(.sqlite)
        try db.run("""
            INSERT INTO logs (created_at) VALUES ('2024-05-01 10:00:00'), ('2024-05-01 10:00:00.123'), (CURRENT_TIMESTAMP);
            INSERT INTO logs (created_at) VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now'));
            """)
        for bad in ["'2024-05-01T10:00:00Z'", "'2024-05-01 10:00'", "1714557600", "'2024-13-01 10:00:00'",
                    "'2024-05-01 10:00:00.'", "'2024-05-01 10:00:00.5x'", "'2024-05-01 10:00:00Z'"] {
            db.expectRejected("INSERT INTO logs (created_at) VALUES (\(bad));", containing: "CHECK constraint failed")
        }
    }

    /// Rows with no time in an optional retention field are never reached: the script's report
    /// counts them (and the checker warns about the rule).
    @Test(arguments: SQLDialect.allCases)
    func reportCountsRowsNoRuleReaches(_ dialect: SQLDialect) throws {
        let (db, schema) = try Self.setUp(dialect)
        try db.run("INSERT INTO bans (id, expires_at) VALUES (1, NULL), (2, NULL), (3, \(db.fromNow(days: 1)));")
        let report = try db.query(SQLEmitter().retention(schema, for: dialect))
        #expect(report == [["bans: rows with no expires_at are never reached by 'deactivate at expires_at set active = false'", "2"]])
    }

    /// A rule that says it leaves those rows alone (`where expires_at is not null`) reports
    /// nothing about them, and still reaches the rows whose time has come.
    @Test(arguments: SQLDialect.allCases)
    func aRuleThatSaysSoReportsNoNullRows(_ dialect: SQLDialect) throws {
        let text = Self.text.replacingOccurrences(of: "retain { deactivate at expires_at set active = false }",
                                                  with: "retain { deactivate at expires_at set active = false where expires_at is not null }")
        #expect(text != Self.text)
        let (db, schema) = try Self.setUp(dialect, text: text)
        try db.run("INSERT INTO bans (id, expires_at) VALUES (1, NULL), (2, \(db.ago(days: 1))), (3, \(db.fromNow(days: 1)));")
        #expect(try db.query(SQLEmitter().retention(schema, for: dialect)) == [])
        #expect(try db.query("SELECT id, \(db.bit("active")) FROM bans ORDER BY id;") == [["1", "1"], ["2", "0"], ["3", "1"]])
    }
}

extension Thread {
    /// Runs a throwing closure on a new thread; `value()` waits for it and rethrows its error.
    static func detachNewThreadWithResult(_ body: @escaping @Sendable () throws -> Void) -> PendingResult {
        let result = PendingResult()
        Thread.detachNewThread {
            do { try body(); result.finish(nil) } catch { result.finish(error) }
        }
        return result
    }

    /// The outcome of a detached thread.
    final class PendingResult: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var error: (any Error)?

        fileprivate func finish(_ error: (any Error)?) {
            self.error = error
            done.signal()
        }

        /// Waits for the thread and rethrows its error.
        func value() throws {
            done.wait()
            if let error { throw error }
        }
    }
}
