import Foundation
import Testing
@testable import SchemaGenRuntime

/// Expiry removes rows with one ordered pass per tree (``BTree/removeAll(_:generation:)``). The
/// trees it leaves behind still reach the page records of the checkpoint they were read from, so
/// they must keep that checkpoint's pin: a snapshot taken after an expiry and held across
/// checkpoints that reuse freed runs reads exactly its rows.
@Suite struct ExpiryPinTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("events", columns: [.init("id", .int), .init("at", .timestamp), .init("group", .int), .init("text", .string)],
                        primaryKey: ["id"], indexes: [IndexDefinition("byGroup", on: ["group"])]),
    ])

    static func row(_ id: Int, round: Int = 0) -> [StoreValue] {
        [.int(Int64(id)), .timestamp(Int64(id) * 1_000_000), .int(Int64(id % 53)),
         .string("round \(round) " + String(repeating: "e", count: (id * 7 + round) % 60))]
    }

    @Test func treesLeftByAnExpiryKeepTheirCheckpointsPin() throws {
        let dir = TemporaryDirectory()
        var options = StoreOptions(durability: .unsynced, checkpointLogBytes: 0)
        options.checkpointFormat = .pages
        options.pageCacheNodes = 8
        let rows = 6000
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: options)
        defer { store.close() }
        let pages = try #require(store.pages)
        try store.write { tx in for id in 0..<rows { try tx.insert(Self.row(id), into: "events") } }
        try store.checkpoint()
        // Reopen-free churn so later checkpoints have freed runs to reuse.
        for round in 1...3 {
            try store.write { tx in for id in stride(from: round, to: rows, by: 5) { try tx.update(Self.row(id, round: round), in: "events") } }
            try store.checkpoint()
        }
        // The expiry touches both trees of the only table, so no other tree of the state holds the pin.
        let expired = try store.expire("events", timestampColumn: "at", before: .timestamp(600 * 1_000_000), batchSize: 10_000)
        #expect(expired == 600)
        let state = store.snapshot
        let held = try state.scan("events")
        #expect(held.count == rows - 600)
        var reusedWhileHeld = 0
        for round in 4..<12 {
            try store.write { tx in
                for id in stride(from: 600 + round % 5, to: rows, by: 3) { try tx.update(Self.row(id, round: round), in: "events") }
            }
            try store.checkpoint()
            reusedWhileHeld += pages.lastCheckpointReusedPages
        }
        #expect(reusedWhileHeld > 0, "the churn must make checkpoints reuse runs, or the test shows nothing")
        #expect(try state.scan("events") == held)
        #expect(try state.scan("events", index: "byGroup", prefix: [.int(7)]) == held.filter { $0[2] == .int(7) })
        #expect(pages.faults.first == nil)
    }
}
