import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// Writer capabilities on the server: a database connected as a module's generated role runs
/// every transaction as that role (`SET LOCAL ROLE`), so the server refuses a write the schema's
/// access rules do not give the module, with a typed `WriterRoleRefusal`.
@Suite struct PostgresWriterRoleTests {
    let clock = TestClock()

    @Test func aModuleRoleWritesWhatItMayAndTheServerRefusesTheRest() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        let owner = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock.function)
        defer { owner.close() }
        try owner.registration.users.insert(User(userID: 1, username: "ann"))

        // One connection, so every transaction below reuses the same server session.
        let moderation = try DiscordBotPostgresDatabase.connect(url: database.url, as: .moderation, maximumConnections: 1,
                                                                clock: clock.function)
        defer { moderation.close() }
        // `moderation` may insert warnings (and read users, the foreign key's parent).
        let warning = try moderation.moderation.warnings.insert(Warning(userID: 1, guildID: 7, moderatorID: 99, reason: "spam"))
        #expect(try owner.warnings.get(id: warning.id)?.reason == "spam")
        // The Swift API offers every module; the server holds the role to its grants.
        #expect(throws: WriterRoleRefusal(role: "discord_bot.moderation", table: "users", operation: .insert)) {
            try moderation.registration.users.insert(User(userID: 2, username: "bob"))
        }
        #expect(throws: WriterRoleRefusal(role: "discord_bot.moderation", table: "warnings", operation: .update)) {
            try moderation.moderation.pardon.warnings.update(id: warning.id) { $0.active = false }
        }
        #expect(throws: WriterRoleRefusal(role: "discord_bot.moderation", table: "temp_punishments", operation: .insert)) {
            try moderation.moderation.mute.tempPunishments.insert(TempPunishment(userID: 1, guildID: 7, punishmentType: .mute,
                                                                                  expiresAt: clock.now + 60))
        }
        // Inside a write block the refusal rolls back the whole transaction.
        #expect(throws: WriterRoleRefusal(role: "discord_bot.moderation", table: "users", operation: .delete)) {
            try moderation.write { tx in
                try tx.moderation.warnings.insert(Warning(userID: 1, guildID: 7, moderatorID: 99, reason: "again"))
                try tx.gdpr.users.delete(userID: 1)
            }
        }
        #expect(try owner.warnings.count() == 1 && owner.users.count() == 1)
        // `moderation.pardon` may update warnings: the same pool, acting as that role.
        let pardon = moderation.acting(as: .moderationPardon)
        #expect(try pardon.moderation.pardon.warnings.update(id: warning.id) { $0.active = false }?.active == false)
        #expect(try owner.warnings.get(id: warning.id)?.active == false)
        // The role ends with each transaction: the same pooled connection, acting as its own user, may insert users.
        try moderation.acting(as: nil).registration.users.insert(User(userID: 3, username: "cy"))
        #expect(try owner.users.count() == 2)
        #expect(DiscordBotPostgresDatabase.Role.moderationPardon.rawValue == "discord_bot.moderation.pardon")
    }
}
