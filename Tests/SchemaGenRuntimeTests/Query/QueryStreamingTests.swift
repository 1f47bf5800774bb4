import Foundation
import Testing
@testable import SchemaGenRuntime

/// ``Query/forEach(_:)`` hands records over one by one, decoding each from its stored bytes only
/// when it is handed over, and stops when told; and reads inside a write transaction decode
/// straight from the transaction's trees too.
@Suite struct QueryStreamingTests {
    typealias Note = DirectRecordDecodingTests.Note

    func store(_ directory: TemporaryDirectory) throws -> Store {
        let store = try Store.open(at: directory.store(), schema: DirectRecordDecodingTests.schema, options: fastOptions)
        try store.write { tx in
            for n in 1...6 as ClosedRange<Int64> { _ = try tx.insert(DirectRecordDecodingTests.row(n), into: "notes") }
        }
        return store
    }

    /// The records `query` streams until `body` says stop, and how each was decoded.
    func streamed<A: ReadAccess>(_ query: Query<Note, A>, stoppingAfter count: Int = .max) throws -> [Note] {
        var taken: [Note] = []
        try query.forEach { note in
            taken.append(note)
            return taken.count < count ? .next : .stop
        }
        return taken
    }

    /// Stopping after k records decodes exactly k, all from stored bytes, over the primary key
    /// and a secondary index, in both orders.
    @Test func stoppingAfterKRecordsDecodesExactlyK() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        let access = StoreAccess(store: store)
        for (index, keys) in [(nil, [0]), ("byOwner", [1, 0])] as [(String?, [Int])] {
            for order in [QueryOrder.indexOrder, .reverse] {
                let query = Query<Note, StoreAccess>(access: access, index: index, keyPositions: keys, prefix: [], order: order, scope: nil)
                let all = try query.all()
                #expect(all.count == 6)
                for k in 1...7 {
                    let statistics = ScanStatistics()
                    var taken: [Note] = []
                    try store.read { snapshot in
                        try query.forEach(in: snapshot, statistics: statistics) { note in
                            taken.append(note)
                            return taken.count < k ? .next : .stop
                        }
                    }
                    #expect(taken.map(\.row) == all.prefix(k).map(\.row), "\(index ?? "primary key") \(order) k \(k)")
                    #expect(statistics.recordsDecodedFromStoredRows == min(k, 6) && statistics.recordsDecodedFromRows == 0)
                    #expect(taken.allSatisfy { $0.decodedBy == "reading" })
                }
            }
        }
    }

    /// An owner scope applies to the stream as to ``Query/all()``.
    @Test func theOwnerScopeApplies() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        let access = StoreAccess(store: store)
        let owner1 = Scope(positions: [1], values: [.int(1)])
        let byKey = Query<Note, StoreAccess>(access: access, index: nil, keyPositions: [0], prefix: [], order: .reverse, scope: owner1)
        #expect(try streamed(byKey).map(\.row) == [5, 3, 1].map(DirectRecordDecodingTests.row))
        #expect(try streamed(byKey, stoppingAfter: 2).map(\.row) == [5, 3].map(DirectRecordDecodingTests.row))
        let byTitle = Query<Note, StoreAccess>(access: access, index: "byTitle", keyPositions: [2, 0], prefix: [], order: .indexOrder, scope: owner1)
        #expect(try streamed(byTitle).map(\.row) == (try byTitle.all()).map(\.row))
        #expect(try streamed(byTitle).map(\.id) == [1, 3, 5])
    }

    /// Inside a write transaction the stream sees the transaction's own writes and its body may
    /// write through the transaction; the records still decode from the stored bytes.
    @Test func insideAWriteTransactionTheStreamSeesItsWritesAndMayWrite() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        try store.write { tx in
            try tx.insert(DirectRecordDecodingTests.row(7), into: "notes")
            let access = TransactionAccess(transaction: tx)
            let query = Query<Note, TransactionAccess>(access: access, index: "byOwner", keyPositions: [1, 0], prefix: [.int(1)],
                                                       order: .indexOrder, scope: nil)
            var seen: [Int64] = []
            try query.forEach { note in
                seen.append(note.id)
                #expect(note.decodedBy == "reading")
                try tx.delete(primaryKey: [.int(note.id)], from: "notes")
                return .next
            }
            #expect(seen == [1, 3, 5, 7])
            #expect(try query.all().isEmpty)
        }
        #expect(try store.snapshot.scan("notes").map { $0[0] } == [.int(2), .int(4), .int(6)])
    }

    /// `get` and `modify` inside a write transaction decode from the transaction's trees, rows
    /// it inserted or changed itself included, with the scope checked on the stored bytes.
    @Test func readsInAWriteTransactionDecodeTheStoredBytes() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        let owner1 = Scope(positions: [1], values: [.int(1)])
        try store.write { tx in
            try tx.insert(DirectRecordDecodingTests.row(9), into: "notes")
            var changed = DirectRecordDecodingTests.row(2)
            changed[2] = .string("changed")
            try tx.update(changed, in: "notes")
            let committed = try #require(try RecordOperations<Note>.get(primaryKey: [.int(4)], in: tx, scope: nil))
            #expect(committed.decodedBy == "reading" && committed.row == DirectRecordDecodingTests.row(4))
            let inserted = try #require(try RecordOperations<Note>.get(primaryKey: [.int(9)], in: tx, scope: nil))
            #expect(inserted.decodedBy == "reading" && inserted.row == DirectRecordDecodingTests.row(9))
            let updated = try #require(try RecordOperations<Note>.get(index: "byTitle", key: [.string("changed")], in: tx, scope: nil))
            #expect(updated.decodedBy == "reading" && updated.row == changed)
            #expect(try RecordOperations<Note>.get(primaryKey: [.int(2)], in: tx, scope: owner1) == nil)
            #expect(try RecordOperations<Note>.get(index: "byTitle", key: [.string("t9")], in: tx, scope: owner1)?.id == 9)
            var handed: String?
            let modified = try RecordOperations<Note>.modify(primaryKey: [.int(9)], in: tx, now: tx.startTime, scope: owner1) { note in
                handed = note.decodedBy
                note.title = "t9 again"
            }
            #expect(handed == "reading" && modified?.title == "t9 again")
            let outside = try RecordOperations<Note>.modify(primaryKey: [.int(4)], in: tx, now: tx.startTime, scope: owner1) { _ in
                Issue.record("a note outside the scope was handed over")
            }
            #expect(outside == nil)
        }
        #expect(try store.snapshot.get("notes", primaryKey: .int(9))?[2] == .string("t9 again"))
    }
}

/// A stream that meets a damaged page: the records before it are handed over, then it throws
/// the page's corruption error.
@Suite struct DamagedPageStreamingTests {
    /// A record of ``PageFileTests``'s `items` table.
    struct Item: StoredRecord {
        static let tableName = "items"
        static let entityName = "items"
        static let primaryKeyPositions = [0]
        var row: Row
        init(row: Row) throws { self.row = row }
        init(reading reader: inout RowReader) throws {
            try reader.expectColumns(3)
            row = [.int(try Int64(reading: &reader)), .int(try Int64(reading: &reader)), .string(try String(reading: &reader))]
        }
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
    }

    @Test(arguments: [QueryOrder.indexOrder, .reverse])
    func aDamagedPageMidStreamThrowsCorruptedAfterTheRecordsBeforeIt(_ order: QueryOrder) throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: rows)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let query = Query<Item, StoreAccess>(access: StoreAccess(store: store), index: nil, keyPositions: [0], prefix: [], order: order, scope: nil)
        var taken: [Row] = []
        let error = storeError {
            try query.forEach { item in
                taken.append(item.row)
                return .next
            }
        }
        #expect(error == .corrupted(file: damaged.file.path, offset: Int(damaged.offset), reason: "page checksum mismatch"))
        let expected = (0..<rows).map(PageFileTests.row)
        #expect(taken.count > 64 && taken.count < rows - 64)
        #expect(taken == Array(order == .indexOrder ? expected.prefix(taken.count) : expected.reversed().prefix(taken.count)))
    }
}
