import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Expiry deletes a batch from each tree in one pass (``StoreState/deleteAll(_:_:generation:)``):
/// it must leave exactly what deleting the same rows one at a time leaves, in every index, after
/// reopening from the log and from a checkpoint, with trees partly read from a page file.
@Suite struct BulkExpiryTests {
    static let schema = StoreSchema(tables: [
        // No index on the time column: expiry scans the rows.
        TableDefinition("events", columns: [.init("id", .int), .init("chat", .int), .init("time", .timestamp, nullable: true),
                                            .init("tag", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byChat", on: ["chat", "time"]),
                                  IndexDefinition("byTag", on: ["tag"], where: .compare("chat", .less, .int(5))),
                                  // Its condition reads a column no index holds: expiry must decode it too.
                                  IndexDefinition("earlyTag", on: [.descending("tag")], where: .compare("id", .less, .int(2000)))]),
        // A descending index on the time column: expiry walks it.
        TableDefinition("notes", columns: [.init("id", .int), .init("time", .timestamp), .init("chat", .int)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byTime", on: [.descending("time")]), IndexDefinition("byChat", on: ["chat"])]),
    ])
    static let tables = ["events", "notes"]

    /// Every row of every table in each index's order, so a stale or missing index entry shows.
    static func contents(_ snapshot: Snapshot) throws -> [String] {
        var out: [String] = []
        for (table, indexes) in [("events", ["byChat", "byTag", "earlyTag"]), ("notes", ["byTime", "byChat"])] {
            out.append("\(table): \(try snapshot.scan(table))")
            for index in indexes { out.append("\(table).\(index): \(try snapshot.scan(table, index: index))") }
        }
        return out
    }

    @Test(arguments: [false, true]) func bulkExpiryLeavesWhatDeletingRowByRowLeaves(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let seed = testSeed()
            var rng = SeededRandom(seed: seed)
            let dir = TemporaryDirectory()
            let bulk = try Store.open(at: dir.store("bulk"), schema: Self.schema, options: fastOptions)
            let single = try Store.open(at: dir.store("single"), schema: Self.schema, options: fastOptions)
            defer { single.close() }
            let rows = heavyTests ? 60_000 : 6_000
            var events: [Row] = [], notes: [Row] = []
            for i in 0..<rows {
                let time: StoreValue = Int.random(in: 0..<20, using: &rng) == 0 ? .null : .timestamp(Int64.random(in: 0..<10_000, using: &rng))
                events.append([.int(Int64(i)), .int(Int64.random(in: 0..<10, using: &rng)), time, .string("t\(Int.random(in: 0..<50, using: &rng))")])
                notes.append([.int(Int64(i)), .timestamp(Int64.random(in: 0..<10_000, using: &rng)), .int(Int64.random(in: 0..<7, using: &rng))])
            }
            for store in [bulk, single] {
                try store.write { tx in
                    for r in events[..<(rows / 2)] { try tx.insert(r, into: "events") }
                    for r in notes[..<(rows / 2)] { try tx.insert(r, into: "notes") }
                }
                // Half the rows only in a checkpoint (page-file trees are read through stubs), half in memory.
                try store.checkpoint()
                try store.write { tx in
                    for r in events[(rows / 2)...] { try tx.insert(r, into: "events") }
                    for r in notes[(rows / 2)...] { try tx.insert(r, into: "notes") }
                }
            }
            for (round, bound) in [Int64.random(in: 0..<3000, using: &rng), 5000, 9000, 10_000].enumerated() {
                let context = "seed \(seed), pages \(pages), round \(round), bound \(bound)"
                let batch = Int.random(in: 1...(rows / 3), using: &rng)
                // `id` is in no index of notes: the scan must decode it for the condition.
                let condition: RowCondition? = round == 1 ? .and([.compare("chat", .less, .int(4)), .compare("id", .greater, .int(100))]) : nil
                // A snapshot taken before keeps seeing every row the expiry deletes.
                let before = bulk.snapshot
                let beforeContents = try Self.contents(before)
                var expired = 0
                for table in Self.tables {
                    expired += try bulk.expire(table, timestampColumn: "time", before: .timestamp(bound), where: condition, batchSize: batch)
                }
                // The reference: the same rows, found by a scan, deleted one at a time.
                var deleted = 0
                try single.write { tx in
                    for table in Self.tables {
                        let chat = table == "events" ? 1 : 2, time = table == "events" ? 2 : 1
                        for row in try tx.scan(table) {
                            guard case .timestamp(let t) = row[time], t < bound else { continue }
                            if round == 1, case .int(let c) = row[chat], case .int(let id) = row[0], c >= 4 || id <= 100 { continue }
                            #expect(try tx.delete(primaryKey: row[0], from: table))
                            deleted += 1
                        }
                    }
                }
                #expect(expired == deleted, "\(context)")
                #expect(try Self.contents(bulk.snapshot) == Self.contents(single.snapshot), "\(context)")
                try bulk.snapshot.checkInvariants()
                #expect(try Self.contents(before) == beforeContents, "\(context): the earlier snapshot changed")
                try before.checkInvariants()
            }
            let expected = try Self.contents(single.snapshot)
            // The deletes replay from the log, then load from a checkpoint.
            bulk.close()
            let replayed = try Store.open(at: dir.store("bulk"), schema: Self.schema, options: fastOptions)
            #expect(try Self.contents(replayed.snapshot) == expected, "seed \(seed), pages \(pages): after replay")
            try replayed.checkpoint()
            replayed.close()
            let reloaded = try Store.open(at: dir.store("bulk"), schema: Self.schema, options: fastOptions)
            defer { reloaded.close() }
            #expect(try Self.contents(reloaded.snapshot) == expected, "seed \(seed), pages \(pages): after checkpoint")
            try reloaded.snapshot.checkInvariants()
        }
    }
}
