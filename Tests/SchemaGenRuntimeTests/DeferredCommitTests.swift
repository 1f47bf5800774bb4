import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// `write(durability: .deferred)`: acknowledged and visible at once without an fsync, made
/// durable by the next fsync of any commit.
@Suite struct DeferredCommitTests {
    static let path = "/deferred"
    static let schema = StoreSchema(tables: [
        TableDefinition("entries", columns: [.init("id", .int), .init("value", .int)], primaryKey: ["id"]),
    ])

    func rows(_ store: Store) throws -> [Int64] { try store.read { try $0.scan("entries") }.map { $0[0].intValue! } }

    /// Commits 1 (synchronous) and 2 (deferred), then 3 (synchronous) if `thenSync`; the rows
    /// the worst power loss after that leaves (nothing unsynced kept).
    func rowsAfterPowerLoss(thenSync: Bool) throws -> [Int64] {
        var rng = SeededRandom(seed: 7)
        let disk = PowerLossFileSystem()
        let store = try Store.open(at: Self.path, schema: Self.schema, options: StoreOptions(durability: .synchronous, fileSystem: disk))
        try store.write { tx in _ = try tx.insert([.int(1), .int(1)], into: "entries") }
        try store.write(durability: .deferred) { tx in _ = try tx.insert([.int(2), .int(2)], into: "entries") }
        #expect(try rows(store) == [1, 2])
        if thenSync { try store.write { tx in _ = try tx.insert([.int(3), .int(3)], into: "entries") } }
        let after = disk.afterPowerLoss(&rng, worstCase: true)
        store.close()
        let reopened = try Store.open(at: Self.path, schema: Self.schema, options: StoreOptions(fileSystem: after))
        defer { reopened.close() }
        return try rows(reopened)
    }

    @Test func deferredCommitIsVisibleAtOnceAndDurableWithTheNextFsync() throws {
        // Acknowledged without an fsync: the worst power loss takes it.
        #expect(try rowsAfterPowerLoss(thenSync: false) == [1])
        // A later synchronous commit's fsync covers it.
        #expect(try rowsAfterPowerLoss(thenSync: true) == [1, 2, 3])
    }

    @Test func performRunsWritesOneAfterAnother() async throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .unsynced))
        defer { store.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 0..<32 {
                group.addTask { try await store.perform { try store.write { tx in _ = try tx.insert([.int(Int64(id)), .int(0)], into: "entries") } } }
            }
            try await group.waitForAll()
        }
        #expect(try rows(store) == Array(0..<32))
    }

    @Test func closeStopsTheBackgroundSweeper() async throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .unsynced))
        let sweeps = Counter()
        let sweeper = BackgroundSweeper(store: store, every: .milliseconds(5)) { sweeps.add() }
        while sweeps.value < 2 { try await Task.sleep(for: .milliseconds(5)) }
        store.close()
        await sweeper.stop()
        let after = sweeps.value
        try await Task.sleep(for: .milliseconds(30))
        #expect(sweeper.isStopped && sweeps.value == after)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
