import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Expiry's packed batch (``DoomedRows``, ``PackedKeys``): the keys and index entries it gathers
/// from rows decoded only in ``DoomedRows/columnsRead(_:)`` must be exactly what the per-row
/// delete path builds from whole rows (``IndexKeys/entry(_:row:primaryKey:)``).
@Suite struct DoomedRowsTests {
    /// Indexes of every kind: descending columns, a string column, and partial indexes whose
    /// conditions read columns no index holds (`note`, and `id`, the primary key).
    static let schema = StoreSchema(tables: [
        TableDefinition("items", columns: [.init("id", .int), .init("name", .string), .init("rank", .int),
                                           .init("time", .timestamp, nullable: true), .init("note", .string, nullable: true),
                                           .init("body", .string)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byRankTime", on: ["rank", .descending("time")]),
                                  IndexDefinition("noted", on: ["name"], where: .isNotNull("note")),
                                  IndexDefinition("early", on: [.descending("name"), "rank"], where: .compare("id", .less, .int(300)))]),
    ])

    static func randomRow(_ id: Int, using rng: inout SeededRandom) -> Row {
        let time: StoreValue = Bool.random(using: &rng) ? .null : .timestamp(Int64.random(in: -5...5, using: &rng))
        let note: StoreValue = Bool.random(using: &rng) ? .null : .string("n\(Int.random(in: 0..<3, using: &rng))")
        return [.int(Int64(id)), .string(String(repeating: "é", count: Int.random(in: 0..<4, using: &rng))),
                .int(Int64.random(in: -3...3, using: &rng)), time, note, .string("body \(id)")]
    }

    @Test func entriesFromReadColumnsMatchEntriesFromWholeRows() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let table = try ResolvedSchema(Self.schema).table("items")
        let width = table.definition.columns.count
        let read = DoomedRows.columnsRead(table)
        #expect(read == [1, 2, 3, 4, 0], "seed \(seed)")
        let projection = ColumnProjection(read, columnCount: width)
        var doomed = DoomedRows(table)
        var keys: [[UInt8]] = []
        var expected = Array(repeating: [[UInt8]](), count: table.indexes.count)
        var scratch = Row(repeating: .null, count: width)
        for id in (0..<600).shuffled(using: &rng) {
            let row = Self.randomRow(id, using: &rng)
            let key = IndexKeys.primaryKey(table, row: row)
            keys.append(key)
            for (i, index) in table.indexes.enumerated() {
                if let entry = IndexKeys.entry(index, row: row, primaryKey: key) { expected[i].append(entry) }
            }
            // The row as expiry sees it: decoded from its bytes in the read columns only, into a reused buffer.
            let ok = RowCodec.encode(row).withUnsafeBufferPointer { RowCodec.decode($0, projection: projection, into: &scratch) }
            #expect(ok, "seed \(seed)")
            #expect(scratch[5] == .null, "seed \(seed): the unread column was decoded")
            key.withUnsafeBufferPointer { doomed.add(key: $0, row: scratch) }
        }
        #expect(doomed.count == keys.count)
        #expect((0..<doomed.count).map(doomed.primaryKeys.key) == keys, "seed \(seed)")
        for i in table.indexes.indices {
            let packed = doomed.indexEntries[i]
            #expect((0..<packed.count).map(packed.key) == expected[i], "seed \(seed), index \(table.indexes[i].name)")
            #expect(packed.count > 0 && packed.count <= keys.count, "seed \(seed), index \(table.indexes[i].name)")
        }
        // The partial indexes leave rows out, so a dropped condition would show as extra entries.
        #expect(doomed.indexEntries[1].count < keys.count && doomed.indexEntries[2].count == 300, "seed \(seed)")
    }

    @Test func sortedUniqueSortsBytewiseAndDropsDuplicates() {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for round in 0..<50 {
            // Short keys over few byte values: empty keys, prefixes of each other and repeats.
            let keys: [[UInt8]] = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in
                (0..<Int.random(in: 0..<12, using: &rng)).map { _ in [0, 1, 0x7F, 0x80, 0xFF].randomElement(using: &rng)! }
            }
            var reference: [[UInt8]] = []
            for k in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where reference.last != k { reference.append(k) }
            let sorted = PackedKeys(keys).sortedUnique()
            #expect((0..<sorted.count).map(sorted.key) == reference, "seed \(seed), round \(round)")
            // Already strictly increasing: kept as they are.
            let again = sorted.sortedUnique()
            #expect((0..<again.count).map(again.key) == reference, "seed \(seed), round \(round)")
        }
    }

    /// A batch delete is logged byte for byte as the separate deletes it stands for, so replay,
    /// backups and the log archive see no difference.
    @Test func batchDeleteLogsWhatSeparateDeletesLog() {
        let keys: [[UInt8]] = [[1, 2, 3], [], [0xFF], Array(repeating: 7, count: 300)]
        let chain = WriteAheadLog.Chain(sequence: 41, previous: 0xDEAD_BEEF)
        let put = LogOperation.put(table: 1, row: [9, 8, 7])
        let batch = WriteAheadLog.transactionRecord([put, .deleteAll(table: 2, keys: PackedKeys(keys)), .delete(table: 0, key: [5])],
                                                    chain: chain, commitTime: 1234)
        let separate = WriteAheadLog.transactionRecord([put] + keys.map { .delete(table: 2, key: $0) } + [.delete(table: 0, key: [5])],
                                                       chain: chain, commitTime: 1234)
        #expect(batch == separate)
        #expect(LogOperation.deleteAll(table: 2, keys: PackedKeys(keys)).loggedCount == 4)
    }

    @Test func appendKeyDropsWhatAnExcludedKeyWrote() {
        var keys = PackedKeys()
        keys.append([1, 2])
        keys.appendKey { $0.append(contentsOf: [9, 9, 9]); return false }
        keys.appendKey { $0.append(3); return true }
        #expect(keys.count == 2)
        #expect(keys.key(0) == [1, 2] && keys.key(1) == [3])
        #expect(keys.bytes == [1, 2, 3])
    }
}
