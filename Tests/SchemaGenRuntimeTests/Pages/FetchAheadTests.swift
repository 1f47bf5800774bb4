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
    /// Row scans of the group index with a limit (as the newest 100 of a chat: each entry's row
    /// fetched, ahead, at most `limit` of them), both ways, against `model`: limits inside the
    /// first batch, at its end, one past it, and past the group's rows.
    static func checkLimitedRowScans(_ snapshot: Snapshot, _ model: [Int: Row], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for group in [0, 1, 13, 50, 96] {
            let ids = model.keys.filter { Self.group(model[$0]!) == Int64(group) }.sorted()
            for direction in [ScanDirection.forward, .backward] {
                let ordered = direction == .forward ? ids : ids.reversed()
                for limit in [1, 3, 15, 16, 17, 33, 100] {
                    let rows = try snapshot.scan("items", index: "byGroup", prefix: [.int(Int64(group))], direction: direction, limit: limit)
                    #expect(rows == ordered.prefix(limit).map { model[$0]! }, "group \(group) \(direction) limit \(limit)",
                            sourceLocation: sourceLocation)
                }
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
        try Self.checkLimitedRowScans(store.snapshot, model)
        try store.checkpoint()
        store.close()
        store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        // In place: first over records the map has not verified, then over verified ones.
        #expect(store.snapshot.state.tables[0].primary.root?.children.allSatisfy { $0.isStub } == true)
        try Self.checkLimitedRowScans(store.snapshot, model)
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
        try Self.checkLimitedRowScans(store.snapshot, model)
        // The snapshot taken before reads its own rows.
        try Self.checkScans(store, before, beforeModel)
        try Self.checkLimitedRowScans(before, beforeModel)
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
        // A scan with a limit follows in-memory nodes only: here every row lies in a page record.
        var limited = BTreeFetchAhead(limit: 3)
        limited.prepare(Self.entries(store.snapshot, group: group), primary: store.snapshot.state.tables[0].primary)
        #expect(limited.rowsReachedAhead == 0)
        // In memory: rows committed since the checkpoint.
        try store.write { tx in for id in Self.rows..<(Self.rows + 2000) { try tx.insert(PageFileTests.row(id), into: "items") } }
        var fresh = BTreeRangeIterator(store.snapshot.state.tables[0].indexes[0],
                                       lower: .inclusive(IndexKeyEncoder.encode([.int(Int64(group)), .int(Int64(Self.rows))])), upper: nil, reverse: false)
        var inMemory = BTreeFetchAhead(limit: nil)
        inMemory.prepare(fresh, primary: store.snapshot.state.tables[0].primary)
        #expect(inMemory.rowsReachedAhead == BTreeFetchAhead.batch)
        // No more than the caller takes.
        var limitedInMemory = BTreeFetchAhead(limit: 3)
        limitedInMemory.prepare(fresh, primary: store.snapshot.state.tables[0].primary)
        #expect(limitedInMemory.rowsReachedAhead == 3)
        let firstNew = try #require((Self.rows...).first { $0 % 97 == group })
        #expect(fresh.nextEntry { key, _ in Array(key[IndexKeys.primaryKeyRange(ofEntry: key)!]) }
                == IndexKeyEncoder.encode([.int(Int64(firstNew))]))
    }

    @Test func aRowScanOfAnIndexFetchesAheadAtMostItsLimitAndOnlyWhereEntriesNameRows() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        try store.write { tx in for id in 0..<Self.rows { try tx.insert(PageFileTests.row(id), into: "items") } }
        let group = 5
        for (limit, reached) in [(3, 3), (16, 16), (100, BTreeFetchAhead.batch), (nil, BTreeFetchAhead.batch)] as [(Int?, Int)] {
            for direction in [ScanDirection.forward, .backward] {
                var cursor = try store.snapshot.cursor("items", index: "byGroup", prefix: [.int(Int64(group))], direction: direction)
                cursor.fetchAheadForEntries(limit: limit)
                let next = cursor.next()
                let first = try #require(next)
                #expect(first[0] == .int(Int64(direction == .forward ? group : (0..<Self.rows).last { $0 % 97 == group }!)))
                #expect(cursor.readAhead?.rowsReachedAhead == reached, "limit \(String(describing: limit)) \(direction)")
            }
        }
        // From the page file a limited scan reads ahead once, reaches no row (it does not follow
        // records) and stops reading ahead; its rows are the same.
        let expected = try store.snapshot.scan("items", index: "byGroup", prefix: [.int(Int64(group))], limit: 40)
        var inMemory = try store.snapshot.cursor("items", index: "byGroup", prefix: [.int(Int64(group))])
        inMemory.fetchAheadForEntries(limit: 40)
        while inMemory.next() != nil {}
        // 16, 16 and the last 8 (the group has 62 rows).
        #expect(inMemory.readAhead?.batchesRead == 3)
        try store.checkpoint()
        var paged = try store.snapshot.cursor("items", index: "byGroup", prefix: [.int(Int64(group))])
        paged.fetchAheadForEntries(limit: 40)
        var rows: [Row] = []
        while rows.count < 40, let row = paged.next() { rows.append(row) }
        #expect(rows == expected)
        #expect(paged.readAhead?.rowsReachedAhead == 0)
        #expect(paged.readAhead?.batchesRead == 1)
        // A scan of the primary key reads its rows from its own leaves: nothing to fetch ahead.
        var primary = try store.snapshot.cursor("items")
        primary.fetchAheadForEntries(limit: 100)
        _ = primary.next()
        #expect(primary.readAhead == nil)
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
