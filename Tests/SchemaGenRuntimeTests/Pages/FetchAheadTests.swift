import Foundation
import Testing
@testable import SchemaGenRuntime

/// The benchmark-like record over `PageFileTests.schema`'s items: the typed scans that fetch rows ahead.
struct FetchedItem: FilterableRecord {
    static let tableName = "items"
    static let entityName = "items"
    static let primaryKeyPositions = [0]
    let row: Row

    init(row: Row) { self.row = row }

    struct QueryFields: Sendable {
        let group = QueryField<FetchedItem, Int64>(position: 1, name: "group")
        let name = QueryField<FetchedItem, String>(position: 2, name: "name")
    }

    static var queryFields: QueryFields { QueryFields() }
}

/// Index scans that read every row of their range fetch the rows of their next entries ahead
/// (``BTreeFetchAhead``): they still return exactly their rows in scan order, from in-memory
/// nodes, from the page file's map and from a mix of both; the read-ahead reaches every row of
/// its batch without moving the scan, and over a damaged record it reads nothing of it and
/// records nothing, leaving the fault to the fetch.
@Suite struct FetchAheadTests {
    static let rows = 6000

    /// Rows by id: what every scan is compared with.
    static func model(_ ids: some Sequence<Int>) -> [Int: Row] {
        Dictionary(uniqueKeysWithValues: ids.map { ($0, PageFileTests.row($0)) })
    }

    static func group(_ row: Row) -> Int64 {
        guard case .int(let group) = row[1] else { return -1 }
        return group
    }

    /// Groups' rows through typed scans of the group index that read every column (so each
    /// entry's row is fetched, ahead), both ways, against `model`; and a grouped count by the
    /// name, which reads a column outside the index.
    static func checkScans(_ store: Store, _ snapshot: Snapshot, _ model: [Int: Row], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for group in [0, 1, 13, 50, 96] {
            let ids = model.keys.filter { Self.group(model[$0]!) == Int64(group) }.sorted()
            for order in [QueryOrder.indexOrder, .reverse] {
                let query = Query<FetchedItem, StoreAccess>(access: StoreAccess(store: store), index: "byGroup", keyPositions: [1, 0],
                                                            prefix: [.int(Int64(group))], order: order, scope: nil)
                var rows: [Row] = []
                try query.forEachMatch(reading: [0, 1, 2], in: snapshot) { rows.append($0) }
                let ordered = order == .indexOrder ? ids : ids.reversed()
                #expect(rows == ordered.map { model[$0]! }, "group \(group) \(order)", sourceLocation: sourceLocation)
            }
        }
    }
    @Test func indexScansReturnExactlyTheirRowsInScanOrderFromMemoryThePageFileAndBoth() throws {
        let dir = TemporaryDirectory()
        var model = Self.model(0..<Self.rows)
        var store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        for start in stride(from: 0, to: Self.rows, by: 1000) {
            try store.write { tx in for id in start..<min(start + 1000, Self.rows) { try tx.insert(PageFileTests.row(id), into: "items") } }
        }
        // In memory: no checkpoint yet.
        #expect(store.snapshot.state.tables[0].primary.root?.children.contains { $0.isStub } == false)
        try Self.checkScans(store, store.snapshot, model)
        try store.checkpoint()
        store.close()
        store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        // In place: first over records the map has not verified, then over verified ones.
        #expect(store.snapshot.state.tables[0].primary.root?.children.allSatisfy { $0.isStub } == true)
        try Self.checkScans(store, store.snapshot, model)
        try Self.checkScans(store, store.snapshot, model)
        // Both: rows changed, removed and added since the checkpoint are in in-memory nodes.
        let before = store.snapshot, beforeModel = model
        try store.write { tx in
            for id in stride(from: 0, to: Self.rows, by: 5) {
                let row: Row = [.int(Int64(id)), .int(Int64(id % 97)), .string("changed \(id)")]
                try tx.update(row, in: "items")
                model[id] = row
            }
            for id in stride(from: 3, to: Self.rows, by: 7) {
                #expect(try tx.delete(primaryKey: [.int(Int64(id))], from: "items"))
                model[id] = nil
            }
            for id in Self.rows..<(Self.rows + 500) {
                try tx.insert(PageFileTests.row(id), into: "items")
                model[id] = PageFileTests.row(id)
            }
        }
        try Self.checkScans(store, store.snapshot, model)
        // The snapshot taken before reads its own rows.
        try Self.checkScans(store, before, beforeModel)
    }

    /// The entry keys of `group` in `snapshot`'s index, and an iterator at its first.
    static func entries(_ snapshot: Snapshot, group: Int) -> BTreeRangeIterator {
        BTreeRangeIterator(snapshot.state.tables[0].indexes[0], prefix: IndexKeyEncoder.encode([.int(Int64(group))]), reverse: false)
    }

    @Test func theReadAheadReachesEveryRowOfItsBatchWithoutMovingTheScan() throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: Self.rows)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let group = 5
        // Verified by a first scan, so the read-ahead may search the records in place.
        _ = try store.snapshot.scan("items", index: "byGroup", prefix: [.int(Int64(group))])
        var entries = Self.entries(store.snapshot, group: group)
        var ahead = BTreeFetchAhead(limit: nil)
        ahead.prepare(entries, primary: store.snapshot.state.tables[0].primary)
        #expect(ahead.rowsReachedAhead == BTreeFetchAhead.batch)
        // The scan's own iterator has not moved.
        let first = entries.nextEntry { key, _ in Array(key[IndexKeys.primaryKeyRange(ofEntry: key)!]) }
        #expect(first == IndexKeyEncoder.encode([.int(Int64(group))]))
        // No more than the caller takes.
        var limited = BTreeFetchAhead(limit: 3)
        limited.prepare(Self.entries(store.snapshot, group: group), primary: store.snapshot.state.tables[0].primary)
        #expect(limited.rowsReachedAhead == 3)
        // In memory: rows committed since the checkpoint.
        try store.write { tx in for id in Self.rows..<(Self.rows + 2000) { try tx.insert(PageFileTests.row(id), into: "items") } }
        var fresh = BTreeRangeIterator(store.snapshot.state.tables[0].indexes[0],
                                       lower: .inclusive(IndexKeyEncoder.encode([.int(Int64(group)), .int(Int64(Self.rows))])), upper: nil, reverse: false)
        var inMemory = BTreeFetchAhead(limit: nil)
        inMemory.prepare(fresh, primary: store.snapshot.state.tables[0].primary)
        #expect(inMemory.rowsReachedAhead == BTreeFetchAhead.batch)
        let firstNew = try #require((Self.rows...).first { $0 % 97 == group })
        #expect(fresh.nextEntry { key, _ in Array(key[IndexKeys.primaryKeyRange(ofEntry: key)!]) }
                == IndexKeyEncoder.encode([.int(Int64(firstNew))]))
    }

    @Test func overADamagedRecordTheReadAheadReadsNothingOfItAndTheScanFailsWithItsFault() throws {
        let dir = TemporaryDirectory()
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: Self.rows)
        let error = StoreError.corrupted(file: damaged.file.path, offset: Int(damaged.offset), reason: "page checksum mismatch")
        // Found in another store, so the store read ahead below has met no damage before.
        let missing = try PageFiles.idsInTheDamagedLeaf(dir.store(), rows: Self.rows)
        #expect(missing.count > 10)
        let reopened = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { reopened.close() }
        let group = missing[0] % 97
        // The batch starts a few entries before the group's row in the damaged leaf; every other
        // row of the batch is read once first, so the map has verified their records.
        let start = missing[0] - 3 * 97
        let batch = (0..<BTreeFetchAhead.batch).map { start + $0 * 97 }
        let tree = reopened.snapshot.state.tables[0].primary
        for id in batch where id != missing[0] {
            #expect(tree.withValue(forKey: IndexKeyEncoder.encode([.int(Int64(id))])) { _ in true } == true)
        }
        #expect(reopened.pages?.faults.first == nil)
        let entries = BTreeRangeIterator(reopened.snapshot.state.tables[0].indexes[0],
                                         lower: .inclusive(IndexKeyEncoder.encode([.int(Int64(group)), .int(Int64(start))])), upper: nil, reverse: false)
        var ahead = BTreeFetchAhead(limit: nil)
        ahead.prepare(entries, primary: tree)
        #expect(ahead.rowsReachedAhead == BTreeFetchAhead.batch - 1)
        #expect(reopened.pages?.faults.first == nil)
        // The scan's fetch meets the record, checks it and fails.
        #expect(storeError { try reopened.snapshot.scan("items", index: "byGroup", prefix: [.int(Int64(group))]) } == error)
    }
}
