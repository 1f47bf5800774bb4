import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Power cuts (``PowerLossFileSystem``) while commits expire batches of rows in one pass per
/// tree: every acknowledged commit survives, no batch is half applied, the index agrees.
@Suite struct ExpiryPowerLossTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("events", columns: [.init("id", .int), .init("time", .timestamp), .init("chat", .int)],
                        primaryKey: ["id"], indexes: [IndexDefinition("byChat", on: ["chat", "time"])]),
    ])
    static let path = "/store"
    static let perCommit: Int64 = 20

    /// Commit `n` inserts ids 20n..<20n+20 (time = id); every third commit also expires, in
    /// the same transaction, every row older than commit n-2's.
    static func commit(_ store: Store, _ n: Int64) throws {
        try store.write { tx in
            for id in (perCommit * n)..<(perCommit * (n + 1)) {
                try tx.insert([.int(id), .timestamp(id), .int(id % 5)], into: "events")
            }
            if n % 3 == 0 {
                try tx.expire("events", timestampColumn: "time", before: .timestamp(perCommit * (n - 2)), batchSize: 10_000)
            }
        }
    }

    /// The ids present after commits 1...committed.
    static func expectedIDs(_ committed: Int64) -> [Int64] {
        guard committed >= 1 else { return [] }
        let lastExpiry = committed - committed % 3
        let oldest = lastExpiry >= 3 ? perCommit * (lastExpiry - 2) : perCommit
        return Array(oldest..<(perCommit * (committed + 1)))
    }

    @Test(arguments: [false, true]) func powerLossDuringExpiryKeepsWholeBatches(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let seed = testSeed()
            var rng = SeededRandom(seed: seed)
            for round in 0..<(heavyTests ? 300 : 25) {
                var disk = PowerLossFileSystem()
                var acknowledged: Int64 = 0
                for life in 0..<3 {
                    let context = "seed \(seed), pages \(pages), round \(round), life \(life)"
                    disk.failsAtOperation = Int.random(in: 1...300, using: &rng)
                    let options = StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: disk, checkpointLogBytes: 4000))
                    do {
                        let store = try Store.open(at: Self.path, schema: Self.schema, options: options)
                        defer { store.close() }
                        var n = (try store.snapshot.scan("events", direction: .backward, limit: 1).first?[0].intValue ?? 0) / Self.perCommit
                        while true {
                            n += 1
                            try Self.commit(store, n)
                            acknowledged = max(acknowledged, n)
                        }
                    } catch let error as StoreError where PowerLossTests.isPowerLoss(error) {
                    }
                    disk = disk.afterPowerLoss(&rng)
                    let store = try Store.open(at: Self.path, schema: Self.schema,
                                               options: StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: disk)))
                    defer { store.close() }
                    let ids = try store.snapshot.scan("events").map { $0[0].intValue! }
                    let committed = (ids.last ?? 0) / Self.perCommit
                    #expect(committed >= acknowledged, "\(context): acknowledged commit \(acknowledged) lost")
                    #expect(ids == Self.expectedIDs(committed), "\(context): not the state after \(committed) commits")
                    #expect(try store.snapshot.scan("events", index: "byChat").map { $0[0].intValue! }.sorted() == ids, "\(context)")
                    try store.snapshot.checkInvariants()
                }
            }
        }
    }
}
