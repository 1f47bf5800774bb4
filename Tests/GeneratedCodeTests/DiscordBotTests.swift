import DiscordBotData
import Foundation
import SchemaGenRuntime
import Testing

/// Seed 001 (discord_bot): the documented example queries and the warning lifecycle on the store;
/// the scenarios that run on both backends from one body are in RepositoryBackendTests.
@Suite struct DiscordBotTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func open() throws -> DiscordBotDatabase {
        try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    /// Users, a guild and memberships with xp and coins.
    func seed(_ db: DiscordBotDatabase) throws {
        try db.write { tx in
            try tx.setup.guildConfig.insert(GuildConfig(guildID: 1))
            for (id, name, xp, coins) in [(10, "ann", 500, 30), (11, "bob", 900, 10), (12, "cid", 100, 70)] as [(Int64, String, Int32, Int32)] {
                try tx.registration.users.insert(User(userID: id, username: name, globalXP: xp * 2))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: id, guildID: 1, xp: xp, coins: coins))
            }
        }
    }

    struct LiftFailed: Error {}

    /// The handled sweep passes each due punishment to the bot and deletes it only once the bot
    /// has lifted it; a punishment the bot fails to lift stays for the next sweep.
    @Test func handledSweepLiftsEachPunishmentBeforeDeletingIt() throws {
        let db = try open()
        let now = clock.now
        try db.moderation.mute.tempPunishments.insert(TempPunishment(userID: 1, guildID: 7, punishmentType: .mute, expiresAt: now + 60))
        try db.moderation.tempban.tempPunishments.insert(TempPunishment(userID: 2, guildID: 7, punishmentType: .ban, expiresAt: now + 120))
        try db.moderation.tempban.tempPunishments.insert(TempPunishment(userID: 3, guildID: 7, punishmentType: .ban, expiresAt: now + 86_400))
        clock.advance(days: 300.0 / 86_400)
        var lifted: [Int64] = []
        let failing = try db.tempPunishments.sweep(now: clock.now) { punishment in
            if punishment.userID == 2 { throw LiftFailed() }
            lifted.append(punishment.userID)
        }
        #expect(lifted == [1])
        #expect(failing.handled == 1 && failing.total == 1)
        let kept = try #require(try db.tempPunishments.get(userID: 2, guildID: 7, punishmentType: .ban))
        #expect(failing.handlerFailures.map(\.key) == [[kept.id.storeValue]])
        #expect(try db.tempPunishments.all().all().map(\.userID) == [2, 3])
        // The next sweep hands the failed one over again; the not-yet-due one is never passed.
        let retry = try db.tempPunishments.sweep(now: clock.now) { lifted.append($0.userID) }
        #expect(lifted == [1, 2])
        #expect(retry.handled == 1 && retry.handlerFailures.isEmpty)
        #expect(try db.tempPunishments.all().all().map(\.userID) == [3])
    }

    /// The archive already holds the transaction's key (an older copy): the sweep used to
    /// overwrite that copy; the row now stays in place and the report counts it as held back.
    @Test func archiveKeepsBothCopiesWhenTheKeyIsAlreadyArchived() throws {
        let db = try open()
        let live = try db.economy.transactions.insert(Transaction(userID: 1, guildID: 7, amount: 5, transactionType: .work))
        try db.maintenance.transactionsArchive.insert(
            TransactionsArchive(id: live.id, userID: 2, guildID: 8, amount: 99, transactionType: .daily, createdAt: clock.now))
        clock.advance(days: 91)
        let report = try db.sweep()["transactions"]
        #expect(report?.archived == 0 && report?.heldBack == 1)
        #expect(try db.transactions.get(id: live.id)?.amount == 5)
        #expect(try db.transactionsArchive.get(id: live.id)?.amount == 99)
    }

    @Test func warningLifecycleOverSimulatedDays() throws {
        let db = try open()
        let warning = try db.moderation.warnings.insert(Warning(userID: 1, guildID: 7, moderatorID: 99))
        #expect(warning.id == 1 && warning.active == true && warning.createdAt == clock.now)
        try db.economy.transactions.insert(Transaction(userID: 1, guildID: 7, amount: 5, transactionType: .work))

        clock.advance(days: 89)
        #expect(try db.sweep()["warnings"]?.total == 0)
        clock.advance(days: 2) // day 91: expires
        let day91 = try db.sweep()
        #expect(day91["warnings"]?.deactivated == 1)
        #expect(day91["transactions"]?.archived == 1)
        #expect(try db.warnings.get(id: warning.id)?.active == false)
        #expect(try db.transactionsArchive.count() == 1 && db.transactions.count() == 0)
        #expect(try db.sweep()["warnings"]?.deactivated == 0) // not already-inactive rows again

        clock.advance(days: 274) // day 365: not yet a year old
        #expect(try db.sweep()["warnings"]?.expired == 0)
        #expect(try db.warnings.count() == 1)
        clock.advance(days: 1) // day 366: hard deleted (GDPR); the archived transaction ages out
        let day366 = try db.sweep()
        #expect(day366["warnings"]?.expired == 1)
        #expect(day366["transactions_archive"]?.expired == 1)
        #expect(try db.warnings.count() == 0)
    }

    @Test func reopenKeepsEverything() throws {
        do {
            let db = try open()
            try seed(db)
            try db.moderation.warnings.insert(Warning(userID: 10, guildID: 1, moderatorID: 2, reason: "caps"))
            db.close()
        }
        let db = try open()
        #expect(try db.users.count() == 3 && db.guildMembers.count() == 3)
        #expect(try db.warnings.get(id: 1)?.reason == "caps")
        // Auto-increment continues after reopening.
        #expect(try db.moderation.warnings.insert(Warning(userID: 10, guildID: 1, moderatorID: 2)).id == 2)
    }
}
