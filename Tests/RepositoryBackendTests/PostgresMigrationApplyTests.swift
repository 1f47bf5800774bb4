import DiscordBotPostgres
import Foundation
import ServerHarness
import Testing

/// `applyPendingMigrations(url:from:)`: the application brings its database up to the build's
/// migrations itself, from the schema's migrations folder, and then connects. A server of its
/// own: the scripts create server-wide roles, which other tests' DDL creates at the same time.
@Suite struct PostgresMigrationApplyTests {
    static var folder: URL { PostgresDatabase.repository.appendingPathComponent("schema/migrations/discord_bot") }

    @Test func anEmptyDatabaseIsMigratedThenConnectsAndAgainAppliesNothing() async throws {
        let server = try PostgresServer.start()
        defer { server.stop() }
        let name = try server.createDatabase()
        let url = "postgresql://\(server.superuser)@\(server.host):\(server.port)/\(name)"
        // Before: refused, naming every migration.
        #expect(throws: MigrationRefusal.self) { try DiscordBotPostgresDatabase.connect(url: url) }

        let state = try await DiscordBotPostgresDatabase.applyPendingMigrations(url: url, from: Self.folder)
        #expect(state.refusal == nil)
        #expect(state.applied?.map(\.version) == DiscordBotPostgresDatabase.migrations.map(\.version))
        let db = try DiscordBotPostgresDatabase.connect(url: url)
        try db.registration.users.insert(User(userID: 1, username: "ann"))
        #expect(try db.users.get(userID: 1)?.username == "ann")
        db.close()

        // Up to date: nothing is applied again (one bookkeeping row per version).
        let again = try await DiscordBotPostgresDatabase.applyPendingMigrations(url: url, from: Self.folder)
        #expect(again == state)
        #expect(try server.query("SELECT count(*) FROM schemagen_migrations;", database: name) == [["\(state.expected.count)"]])
    }

    @Test func aMissingScriptIsNamedBeforeAnythingIsApplied() async throws {
        let empty = URL(fileURLWithPath: NSTemporaryDirectory() + "schemagen-no-migrations-\(UUID().uuidString)")
        let first = try #require(DiscordBotPostgresDatabase.migrations.first)
        // No server is reached: the scripts are read first.
        await #expect(throws: MigrationFolder.MissingScript(
            migration: first.name, path: empty.appendingPathComponent(first.name).appendingPathComponent("postgres.up.sql").path)) {
            try await DiscordBotPostgresDatabase.applyPendingMigrations(url: "postgresql://nobody@127.0.0.1:1/none", from: empty)
        }
    }
}
