import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// ``LogReplay``: a log's transactions replayed as one sorted batch leave exactly the rows, index
/// entries and auto-increment id that applying them one by one (``Recovery/apply``) leaves.
@Suite struct LogReplayTests {
    /// Nullable, descending, partial and compound index columns, so a changed row moves, keeps,
    /// drops or gains entries; an auto-increment key.
    static let schema = StoreSchema(tables: [
        TableDefinition("items", columns: [.init("id", .int), .init("group", .int), .init("name", .string, nullable: true),
                                           .init("score", .int)],
                        primaryKey: ["id"], autoIncrement: true,
                        indexes: [IndexDefinition("byGroup", on: ["group", .descending("score")]),
                                  IndexDefinition("byName", on: ["name"]),
                                  IndexDefinition("highScores", on: ["score"], where: .compare("score", .greater, .int(50)))]),
        TableDefinition("tags", columns: [.init("name", .string), .init("weight", .int)], primaryKey: ["name"],
                        indexes: [IndexDefinition("byWeight", on: ["weight"])]),
    ])

    static func randomRow(id: Int64, using rng: inout SeededRandom) -> Row {
        [.int(id), .int(Int64(rng.int(0..<4))), rng.chance(20) ? .null : .string(rng.pick(["a", "b", "", "a\u{0}b", "zz"])),
         .int(Int64(rng.int(0..<100)))]
    }

    /// Random transactions over a small key space: new rows, rows replaced with other index
    /// values or the same ones, deletes of present and missing keys, a key put again after its
    /// delete, batch deletes, and a second table.
    static func transactions(_ count: Int, using rng: inout SeededRandom) -> [(offset: Int, operations: [LogOperation])] {
        (0..<count).map { n in
            let operations: [LogOperation] = (0..<rng.int(1...6)).map { _ in
                let id = Int64(rng.int(0..<40))
                switch rng.int(0..<10) {
                case 0..<5: return .put(table: 0, row: RowCodec.encode(randomRow(id: id, using: &rng)))
                case 5..<7: return .delete(table: 0, key: IndexKeyEncoder.encode([.int(id)]))
                case 7: return .deleteAll(table: 0, keys: PackedKeys((0..<rng.int(1...4)).map { _ in IndexKeyEncoder.encode([.int(Int64(rng.int(0..<40)))]) }))
                case 8: return .put(table: 1, row: RowCodec.encode([.string(rng.pick(["x", "y", "z"])), .int(Int64(rng.int(0..<5)))]))
                default: return .delete(table: 1, key: IndexKeyEncoder.encode([.string(rng.pick(["x", "y", "z"]))]))
                }
            }
            return (n * 100, operations)
        }
    }

    /// Every tree's entries (key, then value) and each table's last auto-increment id.
    static func contents(_ state: StoreState) -> [[[UInt8]]] {
        state.tables.flatMap { table in
            ([table.primary] + table.indexes).map { tree in
                var it = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
                var out: [[UInt8]] = []
                while let (k, v) = it.next() { out.append(k + [0xFF] + v) }
                return out
            } + [[withUnsafeBytes(of: table.lastAutoID) { Array($0) }]]
        }
    }

    @Test func batchedReplayMatchesOneByOne() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let schema = try ResolvedSchema(Self.schema)
        for round in 0..<60 {
            // A state that already holds rows (what the checkpoint gave), in nodes of generation 0
            // as a checkpoint's are, so the two replays below copy them rather than share changes.
            var base = StoreState(schema: schema)
            for _ in 0..<rng.int(0..<60) {
                let table = schema.tables[0]
                let row = Self.randomRow(id: Int64(rng.int(0..<40)), using: &rng)
                let key = IndexKeys.primaryKey(table, row: row)
                base.put(table, key: key, row: row, encoded: RowCodec.encode(row), replacing: base.row(table, key: key), generation: 0)
            }
            let log = Self.transactions(rng.int(1..<80), using: &rng)
            var oneByOne = base, batched = base
            for (offset, operations) in log {
                try Recovery.apply(operations, to: &oneByOne, schema: schema, file: "log", offset: offset)
            }
            try LogReplay.apply(log, to: &batched, schema: schema, file: "log")
            #expect(Self.contents(batched) == Self.contents(oneByOne), "seed \(seed), round \(round)")
            for t in batched.tables.indices {
                #expect(batched.tables[t].primary.count == oneByOne.tables[t].primary.count, "seed \(seed), round \(round)")
                for i in batched.tables[t].indexes.indices {
                    #expect(batched.tables[t].indexes[i].count == oneByOne.tables[t].indexes[i].count, "seed \(seed), round \(round)")
                }
            }
            try Snapshot(schema: schema, state: batched).checkInvariants()
        }
    }

    /// A put of a row whose id is later deleted still raises the auto-increment id, as one by one.
    @Test func deletedRowsStillRaiseTheAutoIncrementID() throws {
        let schema = try ResolvedSchema(Self.schema)
        var state = StoreState(schema: schema)
        var rng = SeededRandom(seed: 1)
        let log: [(offset: Int, operations: [LogOperation])] = [
            (0, [.put(table: 0, row: RowCodec.encode(Self.randomRow(id: 7, using: &rng)))]),
            (100, [.put(table: 0, row: RowCodec.encode(Self.randomRow(id: 90, using: &rng)))]),
            (200, [.delete(table: 0, key: IndexKeyEncoder.encode([.int(90)]))]),
        ]
        try LogReplay.apply(log, to: &state, schema: schema, file: "log")
        #expect(state.tables[0].lastAutoID == 90)
        #expect(state.tables[0].primary.count == 1)
    }

    /// A row that does not decode fails the replay naming its record's offset, before any change.
    @Test func aRowThatDoesNotDecodeFailsNamingItsRecord() throws {
        let schema = try ResolvedSchema(Self.schema)
        var state = StoreState(schema: schema)
        var rng = SeededRandom(seed: 2)
        let good = RowCodec.encode(Self.randomRow(id: 3, using: &rng))
        let log: [(offset: Int, operations: [LogOperation])] = [
            (12, [.put(table: 0, row: good)]),
            (345, [.put(table: 0, row: Array(good.dropLast()))]),
        ]
        #expect(throws: StoreError.corrupted(file: "log", offset: 345, reason: "row of table 'items' does not decode")) {
            try LogReplay.apply(log, to: &state, schema: schema, file: "log")
        }
        #expect(state.tables[0].primary.count == 0 && state.tables[0].lastAutoID == 0)
        #expect(throws: StoreError.corrupted(file: "log", offset: 12, reason: "unknown table 5")) {
            try LogReplay.apply([(12, [.delete(table: 5, key: [])])], to: &state, schema: schema, file: "log")
        }
    }

    /// The sort by the 16 bytes after the shared prefix orders keys exactly as comparing them
    /// byte by byte does: keys sharing long prefixes, keys that end inside the window, keys
    /// that are prefixes of others, trailing zeros, duplicates (kept in position order).
    @Test func sortedPositionsOrderKeysByteWise() {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for round in 0..<300 {
            let prefix = (0..<rng.int(0..<12)).map { _ in UInt8(rng.int(0..<256)) }
            var keys = (0..<rng.int(0..<60)).map { _ -> [UInt8] in
                prefix + (0..<rng.int(0..<24)).map { _ in rng.pick([0, 0, 1, 0xFF, UInt8(rng.int(0..<256))]) }
            }
            if let some = keys.first, rng.bool() { keys.append(some) }
            if let some = keys.last, rng.bool() { keys.append(some + [0]) }
            let packed = PackedKeys(keys)
            let expected = keys.indices.sorted { a, b in
                keys[a].lexicographicallyPrecedes(keys[b]) || (keys[a] == keys[b] && a < b)
            }
            let positions = packed.withView { LogReplay.sortedPositions($0) }
            #expect(positions == expected, "seed \(seed), round \(round), keys \(keys)")
        }
    }
}
