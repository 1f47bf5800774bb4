import Foundation
import Testing
@testable import SchemaGenRuntime

/// A due row another row still references with `on delete restrict` stays where it is and is
/// counted as held back, as the SQL jobs leave it: one such reference must not fail the sweep.
@Suite struct RetentionRestrictTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("parents", columns: [.init("id", .int), .init("at", .timestamp)], primaryKey: ["id"]),
        TableDefinition("parents_archive", columns: [.init("id", .int), .init("at", .timestamp)], primaryKey: ["id"]),
        TableDefinition("kids", columns: [.init("id", .int), .init("parent", .int)], primaryKey: ["id"],
                        foreignKeys: [ForeignKeyDefinition("parent", columns: ["parent"], references: "parents", ["id"], onDelete: .restrict)]),
    ])

    /// Parents 1–3, an hour old, and a kid holding parent 2; the sweep's report for `rule`.
    func sweep(_ rule: RetentionAction) throws -> (report: SweepReport, parents: [StoreValue], archived: [StoreValue]) {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreOptions(durability: .unsynced))
        defer { store.close() }
        let now = Date()
        let old = StoreValue.timestamp(StoreTime.microseconds(now) - 3_600_000_000)
        try store.write { tx in
            for id in Int64(1)...3 { _ = try tx.insert([.int(id), old], into: "parents") }
            _ = try tx.insert([.int(1), .int(2)], into: "kids")
        }
        let report = try store.write { tx in
            try Retention.sweep(entity: "parents", table: "parents", primaryKey: [0], rules: [rule], in: tx, now: now)
        }
        return (report, try store.snapshot.scan("parents").map { $0[0] }, try store.snapshot.scan("parents_archive").map { $0[0] })
    }

    @Test func expireLeavesTheReferencedRow() throws {
        let swept = try sweep(.expire(column: "at", age: 60, condition: nil))
        #expect(swept.report.expired == 2 && swept.report.heldBack == 1)
        #expect(swept.parents == [.int(2)])
    }

    @Test func archiveLeavesTheReferencedRow() throws {
        let swept = try sweep(.archive(column: "at", age: 60, into: "parents_archive", condition: nil))
        #expect(swept.report.archived == 2 && swept.report.heldBack == 1)
        #expect(swept.parents == [.int(2)])
        #expect(swept.archived == [.int(1), .int(3)])
    }

    @Test func relatedTimeExpiryLeavesTheReferencedRow() throws {
        // Each parent's own row is its related row: every parent is due by its own time.
        let swept = try sweep(.expireByRelated(time: RelatedTime(via: "id", table: "parents", key: "id", column: "at"), age: 60, condition: nil))
        #expect(swept.report.expired == 2 && swept.report.heldBack == 1)
        #expect(swept.parents == [.int(2)])
    }
}
