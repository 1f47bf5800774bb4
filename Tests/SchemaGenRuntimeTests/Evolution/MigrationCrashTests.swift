import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Kills during migrations of a store of 120,000 rows: after each kill the store opens and is
/// either wholly at the old version (old catalog, every old row) or wholly at the new one
/// (new catalog, every row migrated), and opening it again completes the migration.
@Suite struct MigrationCrashTests {
    /// Kept in step with `CrashSchema.evolution` in Sources/StoreCrashWorker/main.swift.
    static let v2 = StoreSchema(tables: [
        TableDefinition("orders", columns: [.init("id", .int), .init("title", .string),
                                            .init("status", .string, shape: .enumeration("Status", cases: ["open", "done"]))],
                        primaryKey: ["id"]),
        TableDefinition("items", columns: [.init("id", .int), .init("order", .int), .init("qty", .int, shape: .integer(bits: 32))],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byOrder", on: ["order"]), IndexDefinition("byQty", on: ["qty"])],
                        foreignKeys: [ForeignKeyDefinition("order", columns: ["order"], references: "orders", ["id"], onDelete: .cascade)]),
    ])
    static let evolution = StoreEvolution(versions: [
        StoreVersion(number: 1, name: "initial", schema: CrashWorker.schema),
        StoreVersion(number: 2, name: "current", schema: v2),
    ], steps: [
        StoreVersionStep(tableSources: ["orders": "orders", "items": "items"],
                         columnSources: ["orders": ["title": .column("note", whenNull: nil), "status": .fill(.string("open"))]],
                         changes: [StoreChange(code: "SG204", classes: [], table: "orders", column: "title", summary: "rename field 'orders.note' to 'title'")]),
    ])
    static let orders = 40_000

    /// The old store: order n with items 2n and 2n+1; the last 10,000 orders only in the log.
    static func writeOldStore(at path: String) throws {
        let store = try Store.open(at: path, schema: CrashWorker.schema, options: fastOptions)
        defer { store.close() }
        for batch in stride(from: 1, through: orders, by: 5_000) {
            try store.write { tx in
                for n in Int64(batch)..<Int64(batch + 5_000) {
                    try tx.insert([.int(n), .string("order \(n)")], into: "orders")
                    try tx.insert([.int(2 * n), .int(n), .int(n % 5)], into: "items")
                    try tx.insert([.int(2 * n + 1), .int(n), .int(n % 7)], into: "items")
                }
            }
            if batch + 5_000 == orders - 10_000 + 1 { try store.checkpoint() }
        }
    }

    /// Checks every row of a store at version 2 (one expectation per table: a per-row one would
    /// cost more than the rows).
    static func expectMigrated(_ store: Store, _ context: String) throws {
        let s = store.snapshot
        var n: Int64 = 0
        var wrongOrders: [Row] = []
        for row in try s.cursor("orders") {
            n += 1
            if row != [.int(n), .string("order \(n)"), .string("open")] { wrongOrders.append(row) }
        }
        #expect(n == Int64(orders) && wrongOrders.isEmpty, "\(context): \(n) orders, wrong: \(wrongOrders.prefix(3))")
        var items = 0
        var wrongItems: [Row] = []
        for row in try s.cursor("items") {
            let id = row[0].intValue!, order = id / 2
            if row != [.int(id), .int(order), .int(id % 2 == 0 ? order % 5 : order % 7)] { wrongItems.append(row) }
            items += 1
        }
        #expect(items == 2 * orders && wrongItems.isEmpty, "\(context): \(items) items, wrong: \(wrongItems.prefix(3))")
        #expect(try s.count("items", index: "byQty", prefix: [.int(6)]) == (1...orders).filter { $0 % 7 == 6 }.count, "\(context)")
    }

    @Test func killedMigrationLeavesTheOldOrTheNewStore() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        let pristine = dir.store("pristine")
        try Self.writeOldStore(at: pristine)
        let oldCounts = ["orders": Self.orders, "items": 2 * Self.orders]
        // Round 0 runs to completion and times a whole migration and its last part (from the
        // worker's report that every row is converted to its exit: the snapshot written and
        // renamed, the old logs removed). Odd rounds kill anywhere in the whole; even rounds
        // within that last part, where the switch from old to new happens.
        var duration = 0.0, persisting = 0.0
        var outcomes: [String: Int] = [:]
        for round in 0..<(heavyTests ? 24 : 3) {
            let context = "seed \(seed) round \(round)"
            let store = dir.store()
            try copyStore(pristine, to: store)
            let started = Date()
            let (child, output) = try CrashWorker.start("migrate", store)
            if round % 2 == 1 {
                usleep(UInt32(Double.random(in: 0...1.1, using: &rng) * duration * 1_000_000))
                child.kill()
            } else {
                while !output.lines().contains("converted"), !output.isEnded { usleep(500) }
                let converted = Date()
                if round > 0 {
                    usleep(UInt32(Double.random(in: 0...1.1, using: &rng) * persisting * 1_000_000))
                    child.kill()
                }
                child.wait()
                if round == 0 { (duration, persisting) = (Date().timeIntervalSince(started), Date().timeIntervalSince(converted)) }
            }
            child.wait()
            while !output.isEnded { usleep(1000) }
            if round == 0 { #expect(output.lines() == ["converted", "migrated"], "\(context)") }
            #expect(!output.lines().contains { $0.hasPrefix("error") }, "\(context): \(output.lines())")
            // Wholly old (the old catalog, and the open migrates every old row) or wholly new
            // (the new catalog, and the open migrates nothing); either way every row ends migrated.
            let catalog = try StoredCatalog.read(store, fileSystem: POSIXFileSystem())
            let isOld = catalog == CrashWorker.schema
            #expect(isOld || catalog == Self.v2, "\(context): the store has neither catalog")
            outcomes[isOld ? "old" : "new", default: 0] += 1
            var totals: [String: Int] = [:]
            let migrated = try Store.open(at: store, evolution: Self.evolution, options: fastOptions,
                                          progress: { totals[$0.table] = $0.rowsTotal })
            #expect(totals == (isOld ? oldCounts : [:]), "\(context)")
            try Self.expectMigrated(migrated, context)
            migrated.close()
            if round == 0 || heavyTests { #expect(try Store.verify(at: store, schema: Self.v2).rowCounts == oldCounts, "\(context)") }
        }
        print("migration kill rounds: \(outcomes), a whole migration took \(duration) s, its last part \(persisting) s")
    }
}
