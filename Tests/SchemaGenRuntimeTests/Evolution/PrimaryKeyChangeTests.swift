import Foundation
import Testing
@testable import SchemaGenRuntime

/// Primary keys across a migration: auto-increment continues after every id ever assigned, and
/// key values a step changes put rows in their new order (or collide, which fails).
@Suite struct PrimaryKeyChangeTests {
    @Test func autoIncrementContinuesAfterTheLargestIdEverAssigned() throws {
        let v1 = StoreSchema(tables: [TableDefinition("events", columns: [.init("id", .int), .init("what", .string)],
                                                      primaryKey: ["id"], autoIncrement: true)])
        var v2 = v1
        v2.tables[0].columns.append(.init("seen", .bool))
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: v1, options: fastOptions)
        for what in ["a", "b", "c"] { try store.write { tx in try tx.insert([.null, .string(what)], into: "events") } }
        try store.write { tx in _ = try tx.delete(primaryKey: [.int(3)], from: "events") }
        store.close()
        let migrated = try Store.open(at: dir.store(), evolution: Evolution.chain([v1, v2], [step(columns: ["events": ["seen": .fill(.bool(false))]])]),
                                      options: fastOptions)
        defer { migrated.close() }
        let id = try migrated.write { tx in try tx.insert([.null, .string("d"), .bool(true)], into: "events") }
        #expect(id == [.int(4)])
    }

    @Test func renamedEnumKeysReorderTheRowsAndCollisionsFail() throws {
        func schema(_ cases: [String]) -> StoreSchema {
            StoreSchema(tables: [TableDefinition("levels", columns: [.init("name", .string, shape: .enumeration("Level", cases: cases)),
                                                                     .init("rank", .int)], primaryKey: ["name"],
                                                 indexes: [IndexDefinition("byRank", on: ["rank"], unique: true)])])
        }
        let rows: [String: [Row]] = ["levels": [[.string("alpha"), .int(1)], [.string("beta"), .int(2)], [.string("gamma"), .int(3)]]]
        let v1 = schema(["alpha", "beta", "gamma"])
        let renamed = try Evolution.migrate(v1, rows, to: schema(["zeta", "beta", "gamma"]), step(enums: ["Level": ["alpha": "zeta"]]))
        #expect(renamed["levels"] == [[.string("beta"), .int(2)], [.string("gamma"), .int(3)], [.string("zeta"), .int(1)]])
        let merged = try Evolution.refusal(v1, rows, to: schema(["beta", "gamma"]), step(enums: ["Level": ["alpha": "beta"]]))
        #expect(merged == .migrationFailed(version: 2, failures: [
            MigrationFailure(table: "levels", primaryKey: "\"beta\"", reason: "two rows now have this primary key"),
        ], omitted: [:]))
    }
}
