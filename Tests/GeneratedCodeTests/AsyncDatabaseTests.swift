import DiscordBotData
import Foundation
import SchemaGenRuntime
import SetaiBotData
import Testing

/// The async API of the generated facade: writes off the caller's thread, caches without fsync,
/// sweeps of expired cache entries, the background sweeper.
@Suite struct AsyncDatabaseTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    @Test func asyncWritesFromManyTasksAllLand() async throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for n in 0..<40 {
                group.addTask {
                    try await db.write { tx in
                        try tx.reminders.insert(Reminder(userID: Int64(n), channelID: 1, message: "r\(n)", remindAt: Date())).id
                    }
                }
            }
            return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
        }
        #expect(ids == Set(1...40))
        #expect(try await db.read { try $0.reminders.count() } == 40)
        #expect(try await db.perform { try $0.reminders.get(id: 40)?.channelID } == 1)
    }

    @Test func failedAsyncWriteKeepsNothing() async throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        await #expect(throws: RecordError.notFound(entity: "reminders")) {
            try await db.write { tx in
                try tx.reminders.insert(Reminder(userID: 1, channelID: 1, message: "kept?", remindAt: Date()))
                throw RecordError.notFound(entity: "reminders")
            }
        }
        #expect(try db.reminders.count() == 0)
    }

    func setai(syncs: SyncCountingFileSystem, cacheDurability: CommitDurability? = nil) throws -> SetaiBotDatabase {
        var options = StoreOptions(durability: .synchronous, fileSystem: syncs, clock: clock.function)
        if let cacheDurability { options.cacheDurability = cacheDurability }
        return try SetaiBotDatabase.open(at: directory.path, options: options, clock: clock.function)
    }

    @Test func cacheSetsDoNotFsyncByDefault() throws {
        let syncs = SyncCountingFileSystem()
        let db = try setai(syncs: syncs)
        let before = syncs.fileSyncs
        for user in 0..<5 { try db.caches.ratelimitUser.set(.number(Double(user)), userID: Int64(user)) }
        try db.caches.ratelimitUser.remove(userID: 0)
        #expect(syncs.fileSyncs == before)
        #expect(try db.caches.ratelimitUser.get(userID: 3) == .number(3))
        // A table write still fsyncs, and makes the cache entries before it durable too.
        try db.users.insert(User(userID: 1, username: "ana", discriminator: "0001", status: .active, createdAt: clock.now, updatedAt: clock.now))
        #expect(syncs.fileSyncs == before + 1)
    }

    @Test func cacheSetsFsyncWhenConfigured() throws {
        let syncs = SyncCountingFileSystem()
        let db = try setai(syncs: syncs, cacheDurability: .storeDefault)
        let before = syncs.fileSyncs
        try db.caches.ratelimitUser.set(.number(1), userID: 1)
        #expect(syncs.fileSyncs == before + 1)
    }

    @Test func sweepPurgesExpiredCacheEntries() throws {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.caches.ratelimitUser.set(.number(1), userID: 1)             // 1 minute
        try db.caches.ratelimitUser.set(.number(2), userID: 2, ttl: 3_600)
        clock.advance(days: 2.0 / 1_440)
        let report = try db.sweep()
        #expect(report.purgedCacheEntries["ratelimit_user"] == 1)
        #expect(try db.store.read { try $0.count("$kv.ratelimit_user") } == 1)
        #expect(try db.caches.ratelimitUser.get(userID: 2) == .number(2))
        #expect(try db.sweep().purgedCacheEntries["ratelimit_user"] == 0)
    }

    @Test func backgroundSweeperRunsAndStops() async throws {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.caches.ratelimitUser.set(.number(1), userID: 1)
        clock.advance(days: 2.0 / 1_440)
        let sweeper = db.startSweeping(every: .milliseconds(10))
        var remaining = 1
        for _ in 0..<500 where remaining > 0 {
            try await Task.sleep(for: .milliseconds(10))
            remaining = try db.store.read { try $0.count("$kv.ratelimit_user") }
        }
        #expect(remaining == 0)
        await sweeper.stop()
        #expect(sweeper.isStopped)
        // Stopped: an entry expiring now stays until someone sweeps.
        try db.caches.ratelimitUser.set(.number(1), userID: 2)
        clock.advance(days: 2.0 / 1_440)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try db.store.read { try $0.count("$kv.ratelimit_user") } == 1)
    }

    @Test func closingTheDatabaseStopsItsSweeper() async throws {
        let db = try SetaiBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        let sweeper = db.startSweeping(every: .seconds(3_600))
        #expect(!sweeper.isStopped)
        db.close()
        #expect(sweeper.isStopped)
        await sweeper.stop()   // returns at once: the sweeper has already ended
    }
}

/// The real file system, counting fsyncs of files (logs, snapshots).
final class SyncCountingFileSystem: StorageFileSystem, @unchecked Sendable {
    private let base = POSIXFileSystem()
    private let lock = NSLock()
    private var syncs = 0

    var fileSyncs: Int { lock.withLock { syncs } }

    fileprivate func countSync() { lock.withLock { syncs += 1 } }

    func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    func readFile(_ path: String) throws -> [UInt8] { try base.readFile(path) }
    func openForAppend(_ path: String, truncate: Bool) throws -> StorageFile {
        CountedFile(file: try base.openForAppend(path, truncate: truncate), counter: self)
    }
    func rename(_ from: String, to: String) throws { try base.rename(from, to: to) }
    func remove(_ path: String) throws { try base.remove(path) }
    func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    func listDirectory(_ path: String) throws -> [String] { try base.listDirectory(path) }
    func syncDirectory(_ path: String) throws { try base.syncDirectory(path) }
    func lock(_ path: String) throws -> StorageLock { try base.lock(path) }
}

private final class CountedFile: StorageFile, @unchecked Sendable {
    let file: StorageFile
    let counter: SyncCountingFileSystem

    init(file: StorageFile, counter: SyncCountingFileSystem) {
        self.file = file
        self.counter = counter
    }

    var path: String { file.path }
    func append(_ bytes: [UInt8]) throws { try file.append(bytes) }
    func sync() throws {
        counter.countSync()
        try file.sync()
    }
    func truncate(to size: Int) throws { try file.truncate(to: size) }
    func close() { file.close() }
}
