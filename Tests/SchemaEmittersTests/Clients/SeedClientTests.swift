import Foundation
import ServerHarness
import Testing

/// Client compatibility (issue 14 item 3): the documented operations of each relational seed, run
/// through that seed's own client stack against a database created from the generated DDL, on the
/// real servers the tests start. The client code is in Tests/Fixtures/seed_clients/*.py; each
/// prints one `ok: …` line per documented operation it ran and checked.
@Suite(.serialized, .enabled(if: PythonStack.runsClientTests, "python3 not found: the seed client tests need it"))
struct SeedClientTests {
    static func generatedSQL(_ schema: String, _ dialect: String) throws -> String {
        try String(contentsOf: SeedSchemas.packageRoot.appendingPathComponent("generated/\(schema)/sql/\(dialect).sql"),
                   encoding: .utf8)
    }

    /// Seed 001: its SQL verbatim through Python's sqlite3, its DatabaseMigration class included.
    @Test func discordSeedSQLRunsVerbatimOnTheGeneratedSQLiteDDL() throws {
        let work = try TemporaryPaths.makeDirectory(prefix: "schemagen-discord-client")
        defer { try? FileManager.default.removeItem(at: work) }
        let ddl = SeedSchemas.packageRoot.appendingPathComponent("generated/discord_bot/sql/sqlite.sql").path
        let lines = try PythonStack.run("discord_bot_sqlite.py", [ddl, work.path])
        #expect(lines == [
            "ok: DatabaseMigration: get_current_version returns the newest version; a restart re-runs nothing",
            "ok: guild_members accepts a member of guild 20, which has no guild_config row (as the seed's DDL)",
            "ok: users: global stats, top global users, inactive users",
            "ok: guild_members: stats in a guild, server leaderboard, richest users",
            "ok: guild_config: get configuration, update prefix, create default config",
            "ok: warnings: active warnings, count per user, expire after 90 days, hard delete after 1 year",
            "ok: mod_actions: moderation history, most active moderators, action type distribution",
            "ok: temp_punishments: check_expired_punishments lifts and deletes only expired rows",
            "ok: transactions: history, daily coin generation, gambling losses",
            "ok: daily maintenance: expire warnings, archive transactions (INSERT ... SELECT *), VACUUM",
            "ok: weekly maintenance: hard delete warnings older than 365 days",
            "ok: guild leave deletes guild_config only; GDPR user delete cascades to guild_members",
        ])
    }

    /// The discord client script is not vacuous: on a DDL whose schema_version is keyed by version
    /// (as before issue 14) the seed's migration runner re-runs migrations and the script fails.
    @Test func discordClientFailsWhenSchemaVersionKeepsEveryVersion() throws {
        let work = try TemporaryPaths.makeDirectory(prefix: "schemagen-discord-client")
        defer { try? FileManager.default.removeItem(at: work) }
        var ddl = try Self.generatedSQL("discord_bot", "sqlite")
        let keyed = ddl.replacingOccurrences(
            of: #"CREATE TABLE "schema_version" ("#, with: #"CREATE TABLE "schema_version_single" ("#)
        #expect(keyed != ddl)
        ddl = keyed + "\nCREATE TABLE schema_version (version INTEGER PRIMARY KEY);\n"
        let file = work.appendingPathComponent("keyed.sql")
        try Data(ddl.utf8).write(to: file)
        let scratch = work.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let failure = try #require(throws: ClientScriptFailed.self) {
            try PythonStack.run("discord_bot_sqlite.py", [file.path, scratch.path])
        }
        #expect(failure.output.stderr.contains("AssertionError: 1"))
    }

    /// Seed 002: the schema_migrations bookkeeping through PyMySQL on MariaDB.
    @Test func setaiMigrationBookkeepingOnMariaDB() throws {
        let maria = try MariaDBServer.shared
        let database = try maria.createDatabase()
        try maria.run(try Self.generatedSQL("setai_bot", "mysql"), database: database)
        let lines = try PythonStack.run("setai_bot_mysql.py", [maria.host, "\(maria.port)", database, "bookkeeping"])
        #expect(lines == [
            "ok: each migration recorded once with description, checksum and applied_at; a second run applies nothing",
            "ok: recording a version twice is refused (primary key)",
            "ok: a checksum that no longer matches is detected",
            "ok: version VARCHAR(50) and checksum VARCHAR(64) lengths are enforced",
        ])
    }

    /// Seed 002's `applied_at TIMESTAMP`: written from a +05:00 session, read in UTC, one instant.
    /// The schema asks for the seed's physical type (`as zoned`: TIMESTAMP, not DATETIME(6)).
    @Test func setaiAppliedAtKeepsItsInstantAcrossSessionTimeZones() throws {
        let maria = try MariaDBServer.shared
        let database = try maria.createDatabase()
        try maria.run(try Self.generatedSQL("setai_bot", "mysql"), database: database)
        let lines = try PythonStack.run("setai_bot_mysql.py", [maria.host, "\(maria.port)", database, "time-zone"])
        #expect(lines == ["ok: applied_at written from a +05:00 session reads back as the same instant in UTC (TIMESTAMP)"])
    }

    /// Seed 003: SQLAlchemy 2.0 + asyncpg models from the seed's column tables on PostgreSQL.
    /// Passes because the schema asks for the seed's physical types (`timestamps naive`,
    /// `auto serial`, `enums varchar(20)`): asyncpg compares varchar parameters with the enum
    /// columns, naive `datetime.utcnow()` compares with TIMESTAMP columns, ids come from SERIAL.
    @Test func gryagSQLAlchemyModelsOnTheGeneratedPostgresDDL() throws {
        let pg = try PostgresServer.shared
        let database = try pg.createDatabase()
        try pg.run(try Self.generatedSQL("gryag_bot", "postgres"), database: database)
        let lines = try PythonStack.run("gryag_bot_sqlalchemy.py", [pg.host, "\(pg.port)", database])
        #expect(lines == [
            "ok: ChatRepository/UserRepository.get_or_create; chats compared by chat_type (VARCHAR(20))",
            "ok: MessageRepository.add, get_recent, get_since (naive datetime), lookup by telegram_message_id",
            "ok: SummaryRepository.get_latest(chat_id, summary_type='7day'); TIMESTAMP values round-trip naive",
            "ok: MemoryRepository.add_memory, get_memories",
            "ok: UserRestriction: permanent ban, expiry compared with datetime.utcnow(), deactivation",
            "ok: AccessList: whitelist entry, unique (entity_id, entity_type, list_type)",
            "ok: RateLimit: window per user, request_count incremented",
            "ok: updated_at ON UPDATE",
            "ok: alembic revision --autogenerate leaves every SERIAL id (type, default, identity) as it is",
        ])
    }
}
