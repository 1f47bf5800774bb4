import Foundation
@testable import SchemaGenPostgres
import Testing

/// `MigrationState` reads `schemagen_migrations` as the generated migrations maintain it,
/// refuses a mismatch with what to run, and applies pending migrations.
@Suite("PostgreSQL migration state")
struct MigrationStateTests {
    private static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS "schemagen_migrations" (
          "schema_name" TEXT NOT NULL, "version" INTEGER NOT NULL, "name" TEXT NOT NULL,
          "checksum" CHAR(64) NOT NULL, "applied_at" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
          PRIMARY KEY ("schema_name", "version"));
        """

    /// A migration shaped like the generated ones: bookkeeping table, body in a transaction, record.
    private func migration(_ version: Int, _ body: String, checksum: String? = nil) -> PostgresMigration {
        let name = String(format: "%04d_step", version)
        let sum = checksum ?? String(repeating: String(version % 10), count: 64)
        let script = """
            SET lock_timeout = '5s';
            \(Self.bookkeeping)
            BEGIN;
            \(body)
            COMMIT;
            INSERT INTO "schemagen_migrations" ("schema_name", "version", "name", "checksum") VALUES ('notes', \(version), '\(name)', '\(sum)');
            """
        return PostgresMigration(version: version, name: name, checksum: sum, upScript: script)
    }

    private var steps: [PostgresMigration] {
        [
            migration(1, "CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL);"),
            migration(2, "ALTER TABLE note ADD COLUMN tag text NOT NULL DEFAULT 'a;b';"),
        ]
    }

    @Test func emptyDatabaseIsRefusedThenMigrated() async throws {
        let database = try TestDatabase.fresh()
        let connection = try await database.connect()
        let before = try await MigrationState.read(schema: "notes", expected: steps, on: connection)
        #expect(before.refusal?.reason == .noBookkeeping)
        #expect(throws: MigrationRefusal(schema: "notes", reason: .noBookkeeping)) { try before.requireCurrent() }

        let after = try await MigrationState.applyPending(schema: "notes", expected: steps, on: connection)
        #expect(after.refusal == nil)
        #expect(after.applied?.map(\.version) == [1, 2])
        #expect(try database.psqlQuery("INSERT INTO note (id, body) VALUES (1, 'x') RETURNING tag") == [["a;b"]])
        // Applying again is a no-op.
        #expect(try await MigrationState.applyPending(schema: "notes", expected: steps, on: connection) == after)
    }

    @Test func concurrentStartsApplyEachMigrationOnce() async throws {
        let database = try TestDatabase.fresh()
        let holder = try await database.connect()
        let connections = [try await database.connect(), try await database.connect(), try await database.connect()]
        // The first migration waits inside its transaction for a lock the test holds, so every
        // start is certainly under way while it runs.
        try await holder.query("SELECT pg_advisory_lock(7)")
        let gated = [migration(1, """
            SET LOCAL lock_timeout = 0;
            SELECT pg_advisory_xact_lock_shared(7);
            CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL);
            """)] + [steps[1]]
        let ended = EndedStarts()
        let starts = connections.map { connection in
            Task {
                defer { Task { await ended.add() } }
                return try await MigrationState.applyPending(schema: "notes", expected: gated, on: connection)
            }
        }
        let pids = connections.map { String($0.backendPID) }.joined(separator: ", ")
        let waiting = "SELECT count(*) FILTER (WHERE objid = 7), count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid IN (\(pids))"
        // Until all three wait (or one already ended: then the check below fails instead of hanging).
        while await ended.count == 0, try await holder.query(waiting)[0][1] != .int64(3) {
            try await Task.sleep(for: .milliseconds(10))
        }
        // One start runs the migration (waiting for the test's lock); the others wait for the
        // migration lock, not inside the migration.
        #expect(try await holder.query(waiting)[0].values == [.int64(1), .int64(3)])
        try await holder.query("SELECT pg_advisory_unlock(7)")

        for start in starts {
            let state = try await start.value
            #expect(state.refusal == nil)
            #expect(state.applied?.map(\.version) == [1, 2])
        }
        #expect(try database.psqlQuery(
            "SELECT version, count(*) FROM schemagen_migrations WHERE schema_name = 'notes' GROUP BY version ORDER BY version")
            == [["1", "1"], ["2", "1"]])
        #expect(connections.allSatisfy { $0.isReusable })
        // Every start released the migration lock.
        #expect(try database.psqlQuery(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
            == [["0"]])
    }

    @Test func pendingMigrationsAreNamedWithTheirScripts() async throws {
        let connection = try await TestDatabase.fresh().connect()
        try await MigrationState.applyPending(schema: "notes", expected: [steps[0]], on: connection)
        let state = try await MigrationState.read(schema: "notes", expected: steps, on: connection)
        #expect(state.refusal?.reason == .pending(["0002_step"]))
        #expect(state.refusal?.remedy.contains("schema/migrations/notes/0002_step/postgres.up.sql") == true)
    }

    @Test func editedAndUnknownMigrationsAreRefusedAndNotApplied() async throws {
        let database = try TestDatabase.fresh()
        let connection = try await database.connect()
        try await MigrationState.applyPending(schema: "notes", expected: steps, on: connection)

        var edited = steps
        edited[0].checksum = String(repeating: "f", count: 64)
        let mismatch = try await MigrationState.read(schema: "notes", expected: edited, on: connection)
        #expect(mismatch.refusal?.reason == .checksumMismatch(version: 1, name: "0001_step"))
        #expect(mismatch.refusal?.remedy.contains("schemagen migrate check") == true)

        let olderBuild = try await MigrationState.read(schema: "notes", expected: [steps[0]], on: connection)
        #expect(olderBuild.refusal?.reason == .databaseAhead([2]))

        let third = migration(3, "CREATE TABLE never_made (id int);")
        await #expect(throws: MigrationRefusal(schema: "notes", reason: .checksumMismatch(version: 1, name: "0001_step"))) {
            try await MigrationState.applyPending(schema: "notes", expected: edited + [third], on: connection)
        }
        #expect(try database.psqlQuery("SELECT to_regclass('never_made') IS NULL") == [["t"]])
    }

    @Test func aFailingMigrationRollsBackAndNamesItself() async throws {
        let database = try TestDatabase.fresh()
        let connection = try await database.connect()
        let broken = migration(2, "CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);")
        let error = await #expect(throws: PostgresError.self) {
            try await MigrationState.applyPending(schema: "notes", expected: [steps[0], broken], on: connection)
        }
        #expect(error?.kind == .undefinedTable)
        #expect(error?.message.hasPrefix("migration 0002_step failed:") == true)
        #expect(connection.isReusable)
        #expect(try database.psqlQuery("SELECT to_regclass('half_done') IS NULL, to_regclass('note') IS NOT NULL") == [["t", "t"]])
        let state = try await MigrationState.read(schema: "notes", expected: [steps[0], broken], on: connection)
        #expect(state.refusal?.reason == .pending(["0002_step"]))
    }

    @Test func theRepositorysDiscordMigrationsApplyAndCheck() async throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/migrations/discord_bot")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.first?.isNumber == true }.sorted()
        #expect(names.count >= 3)
        let migrations = try names.map { name -> PostgresMigration in
            let script = try String(contentsOf: folder.appendingPathComponent(name).appendingPathComponent("postgres.up.sql"), encoding: .utf8)
            // The checksum the script records is the one the build would embed.
            let record = try #require(script.split(separator: "\n").last { $0.hasPrefix("INSERT INTO \"schemagen_migrations\"") })
            let checksum = String(record.split(separator: "'").dropLast().last!)
            return PostgresMigration(version: Int(name.prefix(4))!, name: name, checksum: checksum, upScript: script)
        }
        let connection = try await TestDatabase.fresh().connect()
        let state = try await MigrationState.applyPending(schema: "discord_bot", expected: migrations, on: connection)
        #expect(state.refusal == nil)
        #expect(state.applied?.map(\.name) == names)
    }

    @Test func aDatabaseCreatedFromTheGeneratedDDLIsCurrent() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("schema/migrations/discord_bot")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.first?.isNumber == true }.sorted()
        let migrations = try names.map { name -> PostgresMigration in
            let script = try String(contentsOf: folder.appendingPathComponent(name).appendingPathComponent("postgres.up.sql"), encoding: .utf8)
            let record = try #require(script.split(separator: "\n").last { $0.hasPrefix("INSERT INTO \"schemagen_migrations\"") })
            return PostgresMigration(version: Int(name.prefix(4))!, name: name, checksum: String(record.split(separator: "'").dropLast().last!))
        }
        let connection = try await TestDatabase.fresh().connect()
        let before = try await MigrationState.read(schema: "discord_bot", expected: migrations, on: connection)
        #expect(before.refusal?.reason == .noBookkeeping)
        let ddl = try String(contentsOf: root.appendingPathComponent("generated/discord_bot/sql/postgres.sql"), encoding: .utf8)
        try await connection.runScript(ddl)
        let state = try await MigrationState.read(schema: "discord_bot", expected: migrations, on: connection)
        #expect(state.refusal == nil)
        #expect(state.applied?.map(\.name) == names)
    }

    @Test func scriptsSplitOnlyAtTopLevelSemicolons() {
        let script = """
            -- a comment; not a split
            SET lock_timeout = '5s';
            /* block; /* nested; */ still comment */
            INSERT INTO t VALUES ('it''s; one', E'back\\'slash;', "odd;name");
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
            DO $body$ BEGIN PERFORM 1; END $body$;
            SELECT $1, a$b FROM x
            """
        #expect(SQLScriptStatements.split(script) == [
            "-- a comment; not a split\nSET lock_timeout = '5s'",
            "/* block; /* nested; */ still comment */\nINSERT INTO t VALUES ('it''s; one', E'back\\'slash;', \"odd;name\")",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
            "DO $body$ BEGIN PERFORM 1; END $body$",
            "SELECT $1, a$b FROM x",
        ])
        #expect(SQLScriptStatements.split("-- only a comment\n;  ;") == [])
    }
}

/// How many of the concurrent starts have ended, returned or thrown.
private actor EndedStarts {
    private(set) var count = 0
    func add() { count += 1 }
}
