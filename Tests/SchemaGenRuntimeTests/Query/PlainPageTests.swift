import Foundation
@testable import SchemaGenRuntime
import SeededRandomness
import Testing

/// A page of a plain query (a repository's index method: one range, no filter) is read by the
/// non-generic ``StoredRowScan`` (``Query/plainPage(limit:after:in:)``): the same records, cursors
/// and errors as the general path (taken when statistics are asked for) and as the untyped scan,
/// over the primary key, a covering and a non-covering index, in both orders, with and without
/// an owner scope and a range, page by page.
@Suite struct PlainPageTests {
    /// A member that notes which decoder built it (not stored).
    struct Member: StoredRecord {
        static let tableName = "members"
        static let entityName = "members"
        static let primaryKeyPositions = [0]
        var id: Int64, guild: Int64, xp: Int64
        var decodedBy = "constructed"

        init(row: Row) throws {
            (id, guild, xp) = (try Int64(storeValue: row[0]), try Int64(storeValue: row[1]), try Int64(storeValue: row[2]))
            decodedBy = "row"
        }
        init(reading reader: inout RowReader) throws {
            try reader.expectColumns(3)
            (id, guild, xp) = (try Int64(reading: &reader), try Int64(reading: &reader), try Int64(reading: &reader))
            decodedBy = "reading"
        }
        var row: Row { [id.storeValue, guild.storeValue, xp.storeValue] }
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
    }

    /// `leaderboard` (with the primary key) holds every column: a covering index; `byXP` does not.
    static let schema = StoreSchema(tables: [
        TableDefinition("members", columns: [.init("id", .int), .init("guild", .int), .init("xp", .int)], primaryKey: ["id"],
                        indexes: [IndexDefinition("leaderboard", on: ["guild", IndexColumn("xp", .descending)]),
                                  IndexDefinition("byXP", on: ["xp"])]),
    ])

    /// 120 members in guilds 0…3 with xp 0…29 (many ties), drawn from `seed`.
    func snapshot(_ directory: TemporaryDirectory, seed: UInt64) throws -> Snapshot {
        var random = SeededRandom(seed: seed)
        let store = try Store.open(at: directory.store(), schema: Self.schema, options: fastOptions)
        defer { store.close() }
        try store.write { tx in
            for id in 1...120 {
                _ = try tx.insert([.int(Int64(id)), .int(Int64(random.int(0..<4))), .int(Int64(random.int(0..<30)))], into: "members")
            }
        }
        return store.snapshot
    }

    /// Every page of `query`, each read both ways, checked equal; the records in page order.
    func pages(_ query: Query<Member, SnapshotAccess>, limit: Int, in snapshot: Snapshot, _ label: String) throws -> [Member] {
        var all: [Member] = []
        var cursor: PageCursor?
        for _ in 0...200 {
            let plain = try query.fetch(limit: limit, after: cursor, in: snapshot)
            let general = try query.fetch(limit: limit, after: cursor, in: snapshot, statistics: ScanStatistics())
            #expect(plain.items.map(\.row) == general.items.map(\.row), "\(label) after \(String(describing: cursor))")
            #expect(plain.next == general.next, "\(label) after \(String(describing: cursor))")
            all += plain.items
            guard let next = plain.next else { return all }
            cursor = next
        }
        Issue.record("\(label): more than 200 pages")
        return all
    }

    @Test func plainPagesAreTheGeneralPathsAndTheUntypedScans() throws {
        let seed: UInt64 = 20_261_205
        let directory = TemporaryDirectory()
        let snapshot = try snapshot(directory, seed: seed)
        let access = SnapshotAccess(snapshot: snapshot)
        let scans: [(index: String?, keys: [Int], prefix: [StoreValue], range: (from: ScanBound?, to: ScanBound?)?)] = [
            (nil, [0], [], nil),
            (nil, [0], [], (.inclusive([.int(30)]), .exclusive([.int(90)]))),
            ("leaderboard", [1, 2, 0], [], nil),
            ("leaderboard", [1, 2, 0], [.int(2)], nil),
            ("leaderboard", [1, 2, 0], [.int(1)], (.inclusive([.int(25)]), .inclusive([.int(5)]))),
            ("byXP", [2, 0], [], nil),
            ("byXP", [2, 0], [], (.exclusive([.int(10)]), .inclusive([.int(20)]))),
            ("byXP", [2, 0], [.int(7)], nil),
        ]
        var checked = 0
        for scan in scans {
            for order in [QueryOrder.indexOrder, .reverse] {
                for scope in [nil, Scope(positions: [1], values: [.int(3)])] {
                    let query = Query<Member, SnapshotAccess>(access: access, index: scan.index, keyPositions: scan.keys, prefix: scan.prefix,
                                                              range: scan.range, order: order, scope: scope)
                    #expect(query.readsPlainly)
                    let expected = try snapshot.scan("members", index: scan.index, prefix: scan.prefix, from: scan.range?.from, to: scan.range?.to,
                                                     direction: order == .indexOrder ? .forward : .backward)
                        .filter { scope?.contains($0) ?? true }
                    for limit in [1, 3, 7, 100] {
                        let label = "seed \(seed) \(scan.index ?? "primary key") prefix \(scan.prefix) \(order) scope \(scope != nil) limit \(limit)"
                        let read = try pages(query, limit: limit, in: snapshot, label)
                        #expect(read.map(\.row) == expected, "\(label)")
                        // A covering entry's row is decoded as a row; a stored row straight from its bytes.
                        #expect(read.allSatisfy { $0.decodedBy == (scan.index == "leaderboard" ? "row" : "reading") }, "\(label)")
                        checked += read.count
                    }
                }
            }
        }
        #expect(checked > 1_000)
    }

    /// A filter (checked per row), a planned query and a multikey query take the general path.
    @Test func filteredAndPlannedQueriesAreNotPlain() throws {
        let directory = TemporaryDirectory()
        let access = SnapshotAccess(snapshot: try snapshot(directory, seed: 1))
        let plain = Query<Member, SnapshotAccess>(access: access, index: "byXP", keyPositions: [2, 0], prefix: [], order: .indexOrder, scope: nil)
        #expect(plain.readsPlainly)
        #expect(!plain.filter(.compare(QueryColumn(1, "guild"), .equal, .int(2))).readsPlainly)
        #expect(!Query<Member, SnapshotAccess>(access: access, planning: .all, order: .indexOrder, scope: nil).readsPlainly)
    }

    /// An index entry whose row is gone throws ``StoreError/danglingIndexEntry(table:index:)`` on
    /// a plain page as on the general path; a covering index never reads the row.
    @Test func anEntryNamingNoRowIsAnError() throws {
        let directory = TemporaryDirectory()
        let stored = try snapshot(directory, seed: 7)
        var state = stored.state
        let table = try stored.schema.table("members")
        #expect(state.tables[table.id].primary.remove(IndexKeyEncoder.encode([.int(4)]), generation: .max) != nil)
        let snapshot = Snapshot(schema: stored.schema, state: state)
        let access = SnapshotAccess(snapshot: snapshot)
        let byXP = Query<Member, SnapshotAccess>(access: access, index: "byXP", keyPositions: [2, 0], prefix: [], order: .indexOrder, scope: nil)
        #expect(storeError { try byXP.fetch(limit: 100) } == .danglingIndexEntry(table: "members", index: "byXP"))
        #expect(storeError { try byXP.fetch(limit: 100, after: nil, in: snapshot, statistics: ScanStatistics()) }
            == .danglingIndexEntry(table: "members", index: "byXP"))
        let covering = Query<Member, SnapshotAccess>(access: access, index: "leaderboard", keyPositions: [1, 2, 0], prefix: [],
                                                     order: .indexOrder, scope: nil)
        #expect(try covering.fetch(limit: 100).items.count == 100)
    }
}
