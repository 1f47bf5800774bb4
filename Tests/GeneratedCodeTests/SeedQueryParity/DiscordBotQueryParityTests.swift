import DiscordBotData
import Foundation
import SchemaGenRuntime
import Testing

/// Seed 001's documented queries and operations on the generated Swift API over the store, against
/// the rows of Tests/Fixtures/seed_queries/discord_bot.json (the same rows the seed's SQL returns on
/// SQLite and PostgreSQL in SeedQueryServerTests).
@Suite struct DiscordBotQueryParityTests {
    let directory = TemporaryDirectory()

    @Test func documentedQueriesReturnTheFixtureRows() throws {
        let fixture = try SeedQueryFixture.load("discord_bot")
        let clock = TestClock(fixture.now)
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try load(fixture, into: db)
        let now = fixture.now, day = 86_400.0
        let cutoff = try SeedQueryCells.date("2026-06-01 00:00:00")
        typealias C = SeedQueryCells

        // One assignment per step: a single dictionary literal of this size defeats the type checker.
        var steps: [String: () throws -> [[String]]] = [:]
        steps["user global stats"] = {
            let user = try #require(try db.users.get(userID: 10))
            return [[user.username, C.cell(user.globalXP), C.cell(user.globalLevel), C.cell(user.lastSeen)]]
        }
        steps["top global users"] = {
            try db.users.byGlobalXP().fetch(limit: 10).items.map { [$0.username, C.cell($0.globalXP), C.cell($0.globalLevel)] }
        }
        steps["inactive users"] = {
            [[String(try db.users.filter { $0.lastSeen < now - 90 * day }.count())]]
        }
        steps["user stats in a guild"] = {
            try db.guildMembers.byUserIDGuildID(userID: 10, guildID: 1).all().map { member in
                let user = try #require(try db.users.get(userID: member.userID))
                return [user.username, C.cell(member.xp), C.cell(member.level), C.cell(member.coins)]
            }
        }
        steps["server leaderboard"] = {
            try db.guildMembers.byGuildIDXP(guildID: 1).fetch(limit: 10).items.map { member in
                let user = try #require(try db.users.get(userID: member.userID))
                return [user.username, C.cell(member.xp), C.cell(member.level)]
            }
        }
        steps["richest users"] = {
            try db.guildMembers.byGuildIDCoins(guildID: 1).fetch(limit: 10).items.map { member in
                let user = try #require(try db.users.get(userID: member.userID))
                return [user.username, C.cell(member.coins)]
            }
        }
        steps["server configuration"] = {
            let config = try #require(try db.guildConfig.get(guildID: 1))
            return [[C.cell(config.prefix), C.cell(config.welcomeChannelID), C.cell(config.xpEnabled)]]
        }
        steps["update prefix"] = {
            _ = try db.setup.guildConfig.update(guildID: 1) { $0.prefix = "$" }
            let config = try #require(try db.guildConfig.get(guildID: 1))
            return [[C.cell(config.guildID), C.cell(config.prefix), C.cell(config.updatedAt.map { $0 > cutoff })]]
        }
        steps["an explicit updated_at is kept on insert"] = {
            _ = try db.setup.guildConfig.insert(GuildConfig(guildID: 4, prefix: "!", updatedAt: try SeedQueryCells.date("2025-01-01 00:00:00")))
            return try ([2, 4] as [Int64]).map { guild in
                let config = try #require(try db.guildConfig.get(guildID: guild))
                return [C.cell(config.guildID), C.cell(config.updatedAt.map { $0 > cutoff })]
            }
        }
        steps["create default config"] = {
            _ = try db.setup.guildConfig.insert(GuildConfig(guildID: 3, prefix: "!"))
            let config = try #require(try db.guildConfig.get(guildID: 3))
            return [[C.cell(config.guildID), C.cell(config.prefix), C.cell(config.welcomeChannelID), C.cell(config.xpEnabled)]]
        }
        steps["active warnings"] = {
            try db.warnings.byUserIDGuildIDActive(userID: 10, guildID: 1, active: true).all()
                .sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }
                .map { [C.cell($0.id), C.cell($0.reason), C.cell($0.moderatorID)] }
        }
        steps["count warnings per user"] = {
            try db.warnings.filter { $0.guildID == 1 && $0.active == true }.group { $0.userID }
                .count(order: .valueDescending).map { [C.cell($0.key), C.cell($0.value)] }
        }
        steps["moderation history"] = {
            try db.modActions.byTargetIDGuildIDCreatedAt(targetID: 10, guildID: 1).fetch(limit: 20).items
                .map { [C.cell($0.actionType), C.cell($0.reason), C.cell($0.moderatorID)] }
        }
        steps["most active moderators"] = {
            try db.modActions.filter { $0.guildID == 1 && $0.createdAt > now - 30 * day }.group { $0.moderatorID }
                .count(order: .valueDescending).map { [C.cell($0.key), C.cell($0.value)] }
        }
        steps["action type distribution"] = {
            try db.modActions.filter { $0.guildID == 1 && $0.createdAt > now - 30 * day }.group { $0.actionType }
                .count().map { [C.cell($0.key), C.cell($0.value)] }
        }
        steps["expired punishments"] = {
            try db.tempPunishments.filter { $0.expiresAt <= now }.all()
                .map { [C.cell($0.id), C.cell($0.userID), C.cell($0.guildID), C.cell($0.punishmentType)] }
        }
        steps["delete a lifted punishment"] = {
            #expect(try db.punishmentExpiry.tempPunishments.delete(id: 1))
            return try db.tempPunishments.all().all().map { [C.cell($0.id)] }
        }
        steps["transaction history"] = {
            try db.transactions.byUserIDGuildID(userID: 10, guildID: 1).all()
                .sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }.prefix(20)
                .map { [C.cell($0.amount), C.cell($0.transactionType), C.cell($0.description)] }
        }
        steps["daily coin generation"] = {
            try db.transactions.filter { $0.guildID == 1 && $0.amount > 0 && $0.createdAt > now - 30 * day }
                .group(byDayOf: { $0.createdAt }).sum { $0.amount }.map { [C.day($0.key), C.cell($0.value)] }
        }
        steps["gambling losses"] = {
            let losses = db.transactions.filter { $0.transactionType == .gamble && $0.amount < 0 && $0.createdAt > now - 7 * day }
            return [[C.cell(try losses.sum { $0.amount })]]
        }

        try fixture.expectStoreMatches(steps)
    }

    /// The fixture's dataset through the writers the schema's access rules name.
    private func load(_ fixture: SeedQueryFixture, into db: DiscordBotDatabase) throws {
        for user in try fixture.records("users", as: User.self) { _ = try db.registration.users.insert(user) }
        for member in try fixture.records("guild_members", as: GuildMember.self) { _ = try db.memberEvents.guildMembers.insert(member) }
        for config in try fixture.records("guild_config", as: GuildConfig.self) { _ = try db.setup.guildConfig.insert(config) }
        for warning in try fixture.records("warnings", as: Warning.self) { _ = try db.moderation.warnings.insert(warning) }
        for action in try fixture.records("mod_actions", as: ModAction.self) { _ = try db.moderation.modActions.insert(action) }
        for punishment in try fixture.records("temp_punishments", as: TempPunishment.self) {
            _ = try db.moderation.mute.tempPunishments.insert(punishment)
        }
        for transaction in try fixture.records("transactions", as: Transaction.self) { _ = try db.economy.transactions.insert(transaction) }
    }
}
