import Foundation
import Testing
@testable import SchemaGenRuntime

/// The store has one clock, ``StoreOptions/clock``: TTL expiry, expiry by age, retention sweeps
/// and the time writes are stamped with all follow it, not the wall clock.
@Suite struct ClockTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("events", columns: [.init("id", .int), .init("at", .timestamp)], primaryKey: ["id"],
                        indexes: [IndexDefinition("byAt", on: ["at"])]),
    ], keyValueSpaces: ["cache"])

    /// 2001-01-01T00:00:00Z: a quarter of a century before the wall clock, so anything that
    /// read the wall clock instead would expire every row and entry below.
    static let start = Date(timeIntervalSince1970: 978_307_200)

    static func micros(_ date: Date) -> Int64 { StoreTime.microseconds(date) }

    @Test func fixedClockDrivesTTLExpiryAndPurge() throws {
        let dir = TemporaryDirectory()
        let clock = TestClock(Self.start)
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .unsynced, clock: clock.function))
        defer { store.close() }
        #expect(store.now == Self.start)
        let cache = try store.ttlSpace("cache")
        try cache.set(Array("short".utf8), [1], ttl: 60)
        try cache.set(Array("long".utf8), [2], ttl: 3_600)
        // Expiry is stored from the clock: start + ttl, in microseconds.
        #expect(try store.snapshot.get("$kv.cache", primaryKey: [.bytes(Array("short".utf8))])?[2]
                == .timestamp(Self.micros(Self.start) + 60_000_000))
        #expect(try cache.purgeExpired() == 0)
        clock.advance(seconds: 59)
        #expect(try cache.get(Array("short".utf8)) == [1])
        clock.advance(seconds: 1)
        // `expiresAt <= now` is expired, at exactly the clock's time.
        #expect(try cache.get(Array("short".utf8)) == nil)
        #expect(try cache.get(Array("long".utf8)) == [2])
        #expect(try cache.purgeExpired() == 1)
        #expect(try store.snapshot.count("$kv.cache") == 1)
    }

    @Test func fixedClockDrivesExpiryByAgeAndRetentionSweeps() throws {
        let dir = TemporaryDirectory()
        let clock = TestClock(Self.start)
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .unsynced, clock: clock.function))
        defer { store.close() }
        let base = Self.micros(Self.start)
        try store.write { tx in
            for (id, secondsAgo) in [(1, 600), (2, 120), (3, 30), (4, 5)] {
                try tx.insert([.int(Int64(id)), .timestamp(base - Int64(secondsAgo) * 1_000_000)], into: "events")
            }
        }
        #expect(try store.expire("events", timestampColumn: "at", olderThan: 300) == 1)
        #expect(try store.snapshot.scan("events").map { $0[0] } == [.int(2), .int(3), .int(4)])

        // A sweep stamped with the transaction's start time, as generated `sweep()` is.
        func sweep(olderThan age: TimeInterval) throws -> SweepReport {
            try store.write { tx in
                try Retention.sweep(entity: "Event", table: "events", primaryKey: [0],
                                    rules: [.expire(column: "at", age: age, condition: nil)], in: tx, now: tx.startTime)
            }
        }
        #expect(try sweep(olderThan: 60).expired == 1)
        clock.advance(seconds: 60)
        #expect(try sweep(olderThan: 60).expired == 2)
        #expect(try store.snapshot.count("events") == 0)
    }

    @Test func writesAreStampedWithTheStoreClock() throws {
        let dir = TemporaryDirectory()
        let clock = TestClock(Self.start)
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .unsynced, clock: clock.function))
        defer { store.close() }
        let access = StoreAccess(store: store)
        #expect(access.now == Self.start)
        let stamped = try store.write { tx in
            clock.advance(seconds: 5)
            // Fixed when the transaction began: every write of one transaction gets the same time.
            return (tx.startTime, TransactionAccess(transaction: tx).now)
        }
        #expect(stamped.0 == Self.start && stamped.1 == Self.start)
        #expect(access.now == Self.start + 5)
        #expect(try store.write { $0.startTime } == Self.start + 5)
    }

    @Test func clockTimesRoundTripThroughStoredMicroseconds() throws {
        // Times the records layer stores and reads back stay exact when they come from the clock.
        for micros: Int64 in [1_234_567, 978_307_200_000_001, -1] {
            let options = StoreOptions(durability: .unsynced, clock: { StoreTime.date(micros) })
            #expect(options.nowMicroseconds == micros)
        }
    }
}
