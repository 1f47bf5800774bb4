import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// A clock tests can move, starting at a fixed instant far from the wall clock.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(seconds: Double) { lock.withLock { current += seconds } }
    /// The clock as ``StoreOptions/clock``.
    var function: @Sendable () -> Date { { [self] in now } }
}

@Suite struct ConcurrencyTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("accounts", columns: [.init("id", .int), .init("balance", .int)], primaryKey: ["id"]),
    ])

    @Test func readersSeeOnlyWholeTransactions() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .background(maxDelay: 0.01)))
        defer { store.close() }
        try store.write { tx in for i in 0..<20 { try tx.insert([.int(Int64(i)), .int(100)], into: "accounts") } }
        final class Progress: @unchecked Sendable {
            let lock = NSLock()
            var finished = false, bad = 0, reads = 0
        }
        let progress = Progress()
        let readersDone = DispatchSemaphore(value: 0)
        for _ in 0..<2 {
            Thread.detachNewThread {
                while !progress.lock.withLock({ progress.finished }) {
                    // A read that fails counts as a bad read, like one that sees a partial transfer.
                    var good = false
                    do {
                        let rows = try store.read { try $0.scan("accounts") }
                        good = rows.count == 20 && rows.reduce(0) { $0 + $1[1].intValue! } == 2000
                    } catch {}
                    progress.lock.withLock {
                        progress.reads += 1
                        if !good { progress.bad += 1 }
                    }
                }
                readersDone.signal()
            }
        }
        var rng = SeededRandom(seed: 7)
        for _ in 0..<(heavyTests ? 20_000 : 1500) {
            try store.write { tx in
                let a = Int64.random(in: 0..<20, using: &rng), b = Int64.random(in: 0..<20, using: &rng)
                let amount = Int64.random(in: 1...10, using: &rng)
                // Two rows per transaction: a reader seeing one without the other breaks the sum.
                try tx.update("accounts", primaryKey: [.int(a)], set: ["balance": .int(try tx.get("accounts", primaryKey: [.int(a)])![1].intValue! - amount)])
                try tx.update("accounts", primaryKey: [.int(b)], set: ["balance": .int(try tx.get("accounts", primaryKey: [.int(b)])![1].intValue! + amount)])
            }
        }
        // Let the readers run at least once more after the last commit.
        while progress.lock.withLock({ progress.reads }) < 2 { usleep(1000) }
        progress.lock.withLock { progress.finished = true }
        readersDone.wait()
        readersDone.wait()
        #expect(progress.bad == 0)
        #expect(progress.reads > 0)
    }
}

extension ConcurrencyTests {
    /// Readers take the published state (a pointer copy under a lock no writer holds for longer)
    /// and read it without locks: they neither wait for an open write transaction nor for an fsync.
    @Test func readersDoNotWaitForAWriteTransactionOrAnFsync() throws {
        let dir = TemporaryDirectory()
        let fs = FaultInjectingFileSystem()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(fileSystem: fs))
        defer { store.close() }
        try store.write { tx in try tx.insert([.int(1), .int(100)], into: "accounts") }
        let inTransaction = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), committed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                try store.write { tx in
                    try tx.update("accounts", primaryKey: [.int(1)], set: ["balance": .int(50)])
                    inTransaction.signal()
                    release.wait()
                }
            } catch {
                Issue.record("write failed: \(error)")
            }
            committed.signal()
        }
        inTransaction.wait()
        // The writer holds its lock and sits inside its transaction: a read still answers. (A read
        // that waited for the writer would wait forever; the reader's bound ends the test instead.)
        let duringTransaction = BackgroundRun { try store.read { try $0.get("accounts", primaryKey: .int(1)) } }
        #expect(try duringTransaction.wait()?.get() == [.int(1), .int(100)])
        // Now the commit's fsync is held until the read is done: it answers with the last durable state.
        fs.holdSyncs()
        release.signal()
        #expect(fs.waitUntilASyncIsHeld())
        let duringSync = BackgroundRun { try store.read { try $0.get("accounts", primaryKey: .int(1)) } }
        #expect(try duringSync.wait()?.get() == [.int(1), .int(100)])
        fs.releaseSyncs()
        committed.wait()
        #expect(try store.read { try $0.get("accounts", primaryKey: .int(1)) } == [.int(1), .int(50)])
    }
}

@Suite struct ExpiryTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("messages", columns: [.init("id", .int), .init("chat", .int), .init("time", .timestamp),
                                              .init("archived", .bool)],
                        primaryKey: ["id"], indexes: [IndexDefinition("byTime", on: [.descending("time")])]),
        TableDefinition("events", columns: [.init("id", .int), .init("at", .timestamp, nullable: true)], primaryKey: ["id"]),
    ], keyValueSpaces: ["cache"])

    @Test func expiryDeletesAndUpdatesInBatches() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
        defer { store.close() }
        try store.write { tx in
            for i in 0..<1000 {
                try tx.insert([.int(Int64(i)), .int(Int64(i % 3)), .timestamp(Int64(i)), .bool(false)], into: "messages")
                try tx.insert([.int(Int64(i)), i % 10 == 0 ? .null : .timestamp(Int64(i))], into: "events")
            }
        }
        #expect(try store.write { try $0.expire("messages", timestampColumn: "time", before: .timestamp(300), batchSize: 64) } == 64)
        #expect(try store.expire("messages", timestampColumn: "time", before: .timestamp(300), batchSize: 64) == 236)
        #expect(try store.snapshot.scan("messages", limit: 1).first?[0] == .int(300))
        // Only chat 0, and only where the condition holds.
        #expect(try store.expire("messages", timestampColumn: "time", before: .timestamp(600), where: .equals("chat", .int(0)), batchSize: 7) == 100)
        let updated = try store.updateExpired("messages", timestampColumn: "time", before: .timestamp(700), set: ["archived": .bool(true)], batchSize: 33)
        #expect(updated == 300) // the 400 rows in 300..<700 less the 100 chat-0 rows below 600
        #expect(try store.snapshot.scan("messages").filter { $0[3] == .bool(true) }.count == updated)
        // A table without an index on the column falls back to a scan; null timestamps never expire.
        #expect(try store.expire("events", timestampColumn: "at", before: .timestamp(500), batchSize: 100) == 450)
        #expect(try store.snapshot.count("events") == 550)
        try store.snapshot.checkInvariants()
    }

    @Test func ttlEntriesExpireAndArePurged() throws {
        let dir = TemporaryDirectory()
        let clock = TestClock()
        let store = try Store.open(at: dir.store(), schema: Self.schema,
                                   options: StoreOptions(durability: .unsynced, clock: clock.function))
        defer { store.close() }
        let cache = try store.ttlSpace("cache")
        for i in 0..<50 { try cache.set(Array("k\(i)".utf8), [UInt8(i)], ttl: i < 30 ? 10 : nil) }
        #expect(try cache.get(Array("k3".utf8)) == [3])
        clock.advance(seconds: 10)
        // Expired entries are invisible at once, before any purge.
        #expect(try cache.get(Array("k3".utf8)) == nil)
        #expect(try cache.get(Array("k40".utf8)) == [40])
        #expect(try cache.purgeExpired(batchSize: 7) == 30)
        #expect(try cache.purgeExpired() == 0)
        try cache.set(Array("k40".utf8), [1], ttl: 5)
        #expect(try cache.remove(Array("k41".utf8)))
        #expect(try store.snapshot.count("$kv.cache") == 19)
        #expect(storeError { _ = try store.ttlSpace("nope") } == .unknownTable("$kv.nope"))
    }
}

@Suite struct SnapshotIsolationTests {
    @Test func cursorFromTransactionSnapshotSurvivesWritesAndSnapshotsStayFixed() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: ConcurrencyTests.schema, options: fastOptions)
        defer { store.close() }
        try store.write { tx in for i in 0..<1000 { try tx.insert([.int(Int64(i)), .int(1)], into: "accounts") } }
        let before = store.snapshot
        try store.write { tx in
            // Deleting every row while iterating a cursor over the transaction's own snapshot.
            var seen = 0
            for row in try tx.snapshot.cursor("accounts") {
                try tx.delete(primaryKey: [row[0]], from: "accounts")
                seen += 1
            }
            #expect(seen == 1000)
            #expect(try tx.count("accounts") == 0)
        }
        #expect(try before.count("accounts") == 1000)
        #expect(try store.snapshot.count("accounts") == 0)
        try before.checkInvariants()
    }
}
