import DiscordBotData
import Foundation
import SchemaGenRuntime
import Testing

/// discord_bot's `deactivate after warning_expiry = 90d …` in generated Swift: the default, the
/// periods the database was opened with, periods given to one sweep, and an unusable period refused
/// before any row changes.
@Suite struct RetentionPeriodTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func open(_ periods: DiscordBotRetentionPeriods = DiscordBotRetentionPeriods()) throws -> DiscordBotDatabase {
        try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function, retentionPeriods: periods)
    }

    /// One warning, then 45 days pass.
    func warningAged45Days(_ db: DiscordBotDatabase) throws -> Int64 {
        let warning = try db.moderation.warnings.insert(Warning(userID: 1, guildID: 7, moderatorID: 99))
        clock.advance(days: 45)
        return warning.id
    }

    @Test func theDefaultIsTheSchemas() throws {
        #expect(DiscordBotRetentionPeriods().warningExpiry == 90 * 86_400)
        let db = try open()
        let id = try warningAged45Days(db)
        #expect(try db.sweep()["warnings"]?.deactivated == 0)
        #expect(try db.warnings.get(id: id)?.active == true)
    }

    @Test func theDatabaseSweepsWithThePeriodsItWasOpenedWith() throws {
        let db = try open(DiscordBotRetentionPeriods(warningExpiry: 30 * 86_400))
        #expect(db.retentionPeriods.warningExpiry == 30 * 86_400)
        let id = try warningAged45Days(db)
        #expect(try db.sweep()["warnings"]?.deactivated == 1)
        #expect(try db.warnings.get(id: id)?.active == false)
    }

    @Test func oneSweepMayUseOtherPeriods() throws {
        let db = try open()
        let id = try warningAged45Days(db)
        let month = DiscordBotRetentionPeriods(warningExpiry: 30 * 86_400)
        #expect(try db.warnings.sweep(now: clock.now).deactivated == 0)  // the repository's default: 90 days
        #expect(try db.sweep(periods: month)["warnings"]?.deactivated == 1)
        #expect(try db.warnings.get(id: id)?.active == false)
    }

    @Test func anUnusablePeriodChangesNothing() throws {
        let db = try open()
        let id = try warningAged45Days(db)
        #expect(throws: RetentionError.invalidPeriod(name: "warning_expiry", seconds: -1)) {
            try db.sweep(periods: DiscordBotRetentionPeriods(warningExpiry: -1))
        }
        #expect(throws: RetentionError.invalidPeriod(name: "warning_expiry", seconds: .infinity)) {
            try db.warnings.sweep(now: clock.now, periods: DiscordBotRetentionPeriods(warningExpiry: .infinity))
        }
        #expect(try db.warnings.get(id: id)?.active == true)
    }
}
