import Foundation
import MozaiksCoreData
import SchemaGenRuntime
import SetaiBotData
import Testing

/// The database has one clock, `StoreOptions.clock`: caches, sweeps and `now` defaults read it,
/// so a test that moves it moves all of them (no `clock:` argument is passed here).
@Suite struct DatabaseClockTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    @Test func aCacheEntryExpiresWhenTheDatabaseClockPassesItsTTL() throws {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock))
        let limits = db.caches.ratelimitUser
        try limits.set(.number(3), userID: 7)
        clock.advance(days: (RatelimitUserCache.ttl - 1) / 86_400)
        #expect(try limits.get(userID: 7) == .number(3))
        clock.advance(days: 2 / 86_400)
        #expect(try limits.get(userID: 7) == nil)
    }

    @Test func aSweepWithoutNowUsesTheDatabaseClock() throws {
        let db = try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock))
        let notifications = db.appRuntime.notifications(ownedBy: "user_1")
        try notifications.insert(NotificationRecord(userID: "user_1", type: "t", title: "Old", message: "m", read: false,
                                                    createdAt: clock.now))
        clock.advance(days: 29)
        #expect(try db.sweep()["notifications"]?.expired == 0)
        clock.advance(days: 2)
        #expect(try db.sweep()["notifications"]?.expired == 1)
        #expect(try db.notifications(ownedBy: "user_1").count() == 0)
    }

    @Test func theClockArgumentReplacesTheOptionsClock() throws {
        let other = TestClock(Date(timeIntervalSince1970: 2_000_000_000))
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: other.function)
        #expect(db.access.now == other.now)
        #expect(db.store.now == other.now)
    }
}
