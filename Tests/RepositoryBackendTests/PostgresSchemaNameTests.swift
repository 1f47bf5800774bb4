import DiscordBotPostgres
import GryagBotPostgres
import SchemaGenPostgres
import Testing

/// The PostgreSQL backend finds tables, columns, indexes and constraints by the store layout's
/// names: they must be the names the generated DDL gives them (both come from the schema's one
/// naming authority), and a database that lacks one is refused at `connect`.
@Suite struct PostgresSchemaNameTests {
    @Test(arguments: [("discord_bot", DiscordBotDatabase.storeSchema), ("gryag_bot", GryagBotDatabase.storeSchema)])
    func storeNamesAreTheServersNames(_ schema: String, _ layout: StoreSchema) throws {
        let database = try PostgresDatabase(schema: schema)
        let columns = Set(try database.query("""
            SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'
            """).map { $0[0] })
        let indexes = Set(try database.query("SELECT tablename || '.' || indexname FROM pg_indexes WHERE schemaname = 'public'").map { $0[0] })
        let constraints = Set(try database.query("""
            SELECT conrelid::regclass::text || '.' || conname || '->' || confrelid::regclass::text
            FROM pg_constraint WHERE contype = 'f'
            """).map { $0[0] })
        for table in layout.tables {
            for column in table.columns { #expect(columns.contains("\(table.name).\(column.name)")) }
            for index in table.indexes { #expect(indexes.contains("\(table.name).\(index.name)")) }
            for key in table.foreignKeys { #expect(constraints.contains("\(table.name).\(key.name)->\(key.parentTable)")) }
        }
    }

    @Test func connectRefusesADatabaseThatLacksAColumn() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        try database.server.run(#"ALTER TABLE "users" RENAME COLUMN "username" TO "name";"#, database: database.name)
        #expect(throws: PostgresSchemaMismatch(missing: ["column users.username"])) {
            try DiscordBotPostgresDatabase.connect(url: database.url)
        }
    }

    @Test func connectRefusesADatabaseThatLacksAMigrationAndNamesWhatToRun() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        // The generated DDL records every migration: the database is current.
        try DiscordBotPostgresDatabase.connect(url: database.url).close()
        try database.server.run("DELETE FROM schemagen_migrations WHERE version = 5;", database: database.name)
        let refusal = try #require(throws: MigrationRefusal.self) { try DiscordBotPostgresDatabase.connect(url: database.url) }
        #expect(refusal.schema == "discord_bot" && refusal.reason == .pending(["0005_seed_read_access"]))
        #expect(refusal.description.contains("schema/migrations/discord_bot/0005_seed_read_access/postgres.up.sql"))
        // Asked not to check, it connects.
        try DiscordBotPostgresDatabase.connect(url: database.url, checkMigrations: false).close()
    }
}
