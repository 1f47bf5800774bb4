import DiscordBotData
import DiscordBotPostgres
import Foundation
import GryagBotData
import GryagBotPostgres
import Testing

/// A Discord database that sweeps: both facades' `sweep(now:periods:)`.
protocol DiscordBotSweepingDatabase: DiscordBotBackendDatabase {
    func sweep(now: Date?, periods: DiscordBotRetentionPeriods?) throws -> DatabaseSweepReport
}

extension DiscordBotDatabase: DiscordBotSweepingDatabase {}
extension DiscordBotPostgresDatabase: DiscordBotSweepingDatabase {}

/// A gryag database that sweeps.
protocol GryagBotSweepingDatabase: GryagBotBackendDatabase {
    func sweep(now: Date?) throws -> DatabaseSweepReport
}

extension GryagBotDatabase: GryagBotSweepingDatabase {}
extension GryagBotPostgresDatabase: GryagBotSweepingDatabase {}

/// What a test handler throws for a row it refuses.
struct RefusedPunishment: Error, CustomStringConvertible {
    let userID: Int64
    var description: String { "user \(userID) is still appealing" }
}

/// Retention sweeps, one body on the store and on PostgreSQL (where each rule runs the generated
/// retention SQL in a transaction of its own): the same reports, the same rows left.
@Suite struct RetentionSweepBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func withDiscord(_ backend: Backend, _ body: (any DiscordBotSweepingDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(schema: "discord_bot")
            let db = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db)
        }
    }

    func withGryag(_ backend: Backend, _ body: (any GryagBotSweepingDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try GryagBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(schema: "gryag_bot")
            let db = try GryagBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db)
        }
    }

    func report(_ entity: String, expired: Int = 0, deactivated: Int = 0, capped: Int = 0, handled: Int = 0,
                failures: [HandlerFailure] = []) -> SweepReport {
        var report = SweepReport(entity: entity)
        report.expired = expired
        report.deactivated = deactivated
        report.capped = capped
        report.handled = handled
        report.handlerFailures = failures
        return report
    }

    @Test(arguments: Backend.allCases) func warningsDeactivateThenExpire(_ backend: Backend) throws {
        try withDiscord(backend) { db in try warningsDeactivateThenExpire(db) }
    }

    /// `deactivate after warning_expiry = 90d … set active = false`, then `delete after 365d`.
    func warningsDeactivateThenExpire(_ db: some DiscordBotSweepingDatabase) throws {
        let old = try db.moderation.warnings.insert(Warning(userID: 1, guildID: 7, moderatorID: 99, reason: "old", active: true))
        clock.advance(days: 100)
        let recent = try db.moderation.warnings.insert(Warning(userID: 2, guildID: 7, moderatorID: 99, reason: "recent", active: true))
        // A named period given to the sweep: 120 days, so the 100-day-old warning stays active.
        let longer = try db.sweep(now: clock.now, periods: DiscordBotRetentionPeriods(warningExpiry: 120 * 86_400))
        #expect(longer["warnings"] == report("warnings"))
        #expect(try db.warnings.get(id: old.id)?.active == true)
        // The schema's 90 days: the old one is deactivated, once.
        #expect(try db.sweep(now: clock.now, periods: nil)["warnings"] == report("warnings", deactivated: 1))
        #expect(try db.warnings.get(id: old.id)?.active == false && db.warnings.get(id: recent.id)?.active == true)
        #expect(try db.sweep(now: clock.now, periods: nil)["warnings"] == report("warnings"))
        // 300 days on: the old one (400 days) goes, the recent one (300 days) is deactivated.
        clock.advance(days: 300)
        let later = try db.sweep(now: clock.now, periods: nil)
        #expect(later["warnings"] == report("warnings", expired: 1, deactivated: 1))
        #expect(later.total == 2)
        #expect(try db.warnings.get(id: old.id) == nil && db.warnings.get(id: recent.id)?.active == false)
        #expect(try db.warnings.count() == 1)
    }

    @Test(arguments: Backend.allCases) func handledPunishmentsGoThroughTheHandler(_ backend: Backend) throws {
        try withDiscord(backend) { db in try handledPunishmentsGoThroughTheHandler(db) }
    }

    /// `handled delete at expires_at`: due rows reach the handler and are deleted only when it returns.
    func handledPunishmentsGoThroughTheHandler(_ db: some DiscordBotSweepingDatabase) throws {
        let now = clock.now
        let first = try db.moderation.mute.tempPunishments.insert(TempPunishment(userID: 1, guildID: 7, punishmentType: .mute, expiresAt: now + 60))
        let second = try db.moderation.tempban.tempPunishments.insert(TempPunishment(userID: 2, guildID: 7, punishmentType: .ban, expiresAt: now + 90))
        let later = try db.moderation.tempban.tempPunishments.insert(TempPunishment(userID: 3, guildID: 7, punishmentType: .ban, expiresAt: now + 600))
        clock.advance(days: 120.0 / 86_400)
        // Without a handler the due rows stay for the bot.
        #expect(try db.sweep(now: clock.now, periods: nil)["temp_punishments"] == report("temp_punishments"))
        #expect(try db.tempPunishments.sweep(now: clock.now) == report("temp_punishments"))
        #expect(try db.tempPunishments.count() == 3)
        var seen: [Int64] = []
        let swept = try db.tempPunishments.sweep(now: clock.now) { punishment in
            seen.append(punishment.userID)
            if punishment.userID == 2 { throw RefusedPunishment(userID: 2) }
        }
        #expect(seen == [1, 2])
        #expect(swept == report("temp_punishments", handled: 1,
                                failures: [HandlerFailure(key: [.int(second.id)], message: "user 2 is still appealing")]))
        #expect(try db.tempPunishments.get(id: first.id) == nil)
        #expect(try db.tempPunishments.all().all().map(\.id) == [second.id, later.id])
        // Exactly at its time a row is due (`<=`): the next sweep at +600 s handles both.
        clock.advance(days: 480.0 / 86_400)
        let rest = try db.tempPunishments.sweep(now: clock.now) { _ in }
        #expect(rest == report("temp_punishments", handled: 2))
        #expect(try db.tempPunishments.count() == 0)
    }

    @Test(arguments: Backend.allCases) func gryagRestrictionsDeactivateAtExpiry(_ backend: Backend) throws {
        try withGryag(backend) { db in try gryagRestrictionsDeactivateAtExpiry(db) }
    }

    /// `user_restrictions: deactivate at expires_at set is_active = false`; `user_memories: keep newest 50`.
    func gryagRestrictionsDeactivateAtExpiry(_ db: some GryagBotSweepingDatabase) throws {
        try db.repositories.user.users.insert(User(id: 1, fullName: "Ann"))
        let now = clock.now
        let soon = try db.admin.userRestrictions.insert(UserRestriction(userID: 1, restrictionType: .restrict, expiresAt: now + 60, createdBy: 9))
        let later = try db.admin.userRestrictions.insert(UserRestriction(userID: 1, restrictionType: .ban, expiresAt: now + 3_600, createdBy: 9))
        let forever = try db.admin.userRestrictions.insert(UserRestriction(userID: 1, restrictionType: .ban, createdBy: 9))
        for n in 0..<3 { try db.repositories.memory.userMemories.insert(UserMemory(userID: 1, fact: "fact \(n)")) }
        #expect(try db.sweep(now: clock.now).reports == [report("user_memories"), report("user_restrictions")])
        clock.advance(days: 120.0 / 86_400)
        let swept = try db.sweep(now: clock.now)
        #expect(swept.reports == [report("user_memories"), report("user_restrictions", deactivated: 1)])
        #expect(try [soon, later, forever].map { try db.userRestrictions.get(id: $0.id)?.isActive } == [false, true, true])
        // Through a writer module the sweep runs inside one transaction: the same result.
        clock.advance(days: 1)
        #expect(try db.admin.userRestrictions.sweep(now: clock.now) == report("user_restrictions", deactivated: 1))
        #expect(try db.userRestrictions.get(id: later.id)?.isActive == false)
    }
}
