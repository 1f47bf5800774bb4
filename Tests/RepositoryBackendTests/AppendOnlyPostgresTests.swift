import DiscordBotData
import DiscordBotPostgres
import Foundation
import ServerHarness
import Testing

/// An append-only table (discord_bot's `mod_actions`) through the PostgreSQL facade: its
/// repository has no update or delete, so such code does not compile; and the server refuses a
/// raw UPDATE or DELETE too, by privilege for the module's role and by trigger for the owner.
@Suite struct AppendOnlyPostgresTests {
    let clock = TestClock()

    @Test(.enabled(if: PostgresCachesCompileTests.swiftc != nil, "no swiftc found: compile-fail tests skipped"))
    func insertingAndUpdatingAnotherTableCompile() throws {
        let output = try PostgresCachesCompileTests.typecheck("""
            import DiscordBotData
            import DiscordBotPostgres
            func allowed(_ db: DiscordBotPostgresDatabase, _ action: ModAction, _ warning: Warning) throws {
                _ = try db.moderation.modActions.insert(action)
                _ = try db.maintenance.warnings.update(warning)
            }
            """)
        #expect(output.status == 0 && !output.text.contains("error:") && !output.text.contains("warning:"), "\(output.text)")
    }

    @Test(.enabled(if: PostgresCachesCompileTests.swiftc != nil, "no swiftc found: compile-fail tests skipped"))
    func theFacadeHasNoUpdateOrDeleteForAnAppendOnlyTable() throws {
        let output = try PostgresCachesCompileTests.typecheck("""
            import DiscordBotData
            import DiscordBotPostgres
            func forbidden(_ db: DiscordBotPostgresDatabase, _ action: ModAction) throws {
                _ = try db.modActions.update(action)
                _ = try db.modActions.delete(id: action.id)
                _ = try db.moderation.modActions.update(id: action.id) { $0.reason = nil }
            }
            """)
        #expect(output.status != 0)
        // The compiler's first line of each error, from the file name on (the folder is temporary).
        let errors = output.text.split(separator: "\n").filter { $0.hasPrefix("/") }.compactMap { line in
            line.range(of: "snippet.swift:").map { String(line[$0.lowerBound...]) }
        }
        #expect(errors == [
            "snippet.swift:4:27: error: value of type 'ModActionRepository<PostgresAccess>' has no member 'update'",
            "snippet.swift:5:27: error: value of type 'ModActionRepository<PostgresAccess>' has no member 'delete'",
            "snippet.swift:6:38: error: value of type 'ModActionRepository<ModerationWriter<PostgresAccess>>' has no member 'update'",
        ], "\(output.text)")
    }

    @Test func theServerRefusesARawUpdateOrDeleteAndTheRowStays() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        let moderation = try DiscordBotPostgresDatabase.connect(url: database.url, as: .moderation, clock: clock.function)
        defer { moderation.close() }
        let action = try moderation.moderation.modActions.insert(
            ModAction(guildID: 7, moderatorID: 99, targetID: 1, actionType: .warn, reason: "spam"))

        /// The first line psql printed for a refused script (the rest is the trigger's context).
        func refusal(_ sql: String, role: String?) -> String? {
            let error = #expect(throws: SQLExecutionError.self) { try database.server.run(sql, database: database.name, role: role) }
            return error?.message.split(separator: "\n").first.map(String.init)
        }
        // The module's role may insert and read, nothing more: refused by privilege.
        #expect(refusal("UPDATE mod_actions SET reason = 'edited'", role: "discord_bot.moderation")
            == "psql:<stdin>:1: ERROR:  permission denied for table mod_actions")
        #expect(refusal("DELETE FROM mod_actions", role: "discord_bot.moderation")
            == "psql:<stdin>:1: ERROR:  permission denied for table mod_actions")
        // The owner has every privilege: the append-only trigger refuses it.
        #expect(refusal("UPDATE mod_actions SET reason = 'edited'", role: nil)
            == "psql:<stdin>:1: ERROR:  mod_actions is append-only: UPDATE is not allowed")
        #expect(refusal("DELETE FROM mod_actions", role: nil)
            == "psql:<stdin>:1: ERROR:  mod_actions is append-only: DELETE is not allowed")
        #expect(refusal("TRUNCATE mod_actions", role: nil)
            == "psql:<stdin>:1: ERROR:  mod_actions is append-only: TRUNCATE is not allowed")
        #expect(try moderation.modActions.all().fetch(limit: 10).items == [action])
    }
}
