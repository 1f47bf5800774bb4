import Foundation
import Testing
@testable import SchemaGenRuntime

/// The typed reads (`get` by primary key or unique index, and a query's `fetch`, `all` and
/// `first` over the primary key or a secondary index) decode records straight from the stored
/// bytes through ``StoredRecord/init(reading:)``, with no row of values in between; bytes that
/// do not decode into the record are ``RecordError/undecodable(entity:reason:)``, never a trap.
@Suite struct DirectRecordDecodingTests {
    /// A record that notes which of its decoders built it (not stored), so a test sees which one a read used.
    struct Note: StoredRecord {
        static let tableName = "notes"
        static let entityName = "notes"
        static let primaryKeyPositions = [0]
        var id: Int64, owner: Int64, title: String, score: Double?, created: Date
        var decodedBy = "constructed"

        init(id: Int64, owner: Int64, title: String, score: Double?, created: Date) {
            (self.id, self.owner, self.title, self.score, self.created) = (id, owner, title, score, created)
        }
        init(row: Row) throws {
            (id, owner, title) = (try Int64(storeValue: row[0]), try Int64(storeValue: row[1]), try String(storeValue: row[2]))
            (score, created) = (try Double?(storeValue: row[3]), try Date(storeValue: row[4]))
            decodedBy = "row"
        }
        init(reading reader: inout RowReader) throws {
            try reader.expectColumns(5)
            (id, owner, title) = (try Int64(reading: &reader), try Int64(reading: &reader), try String(reading: &reader))
            (score, created) = (try Double?(reading: &reader), try Date(reading: &reader))
            decodedBy = "reading"
        }
        var row: Row { [id.storeValue, owner.storeValue, title.storeValue, score.storeValue, created.storeValue] }
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
    }

    /// The same table read by a record written before ``StoredRecord/init(reading:)``: the default decodes its row.
    struct PlainNote: StoredRecord {
        static let tableName = "notes"
        static let entityName = "notes"
        static let primaryKeyPositions = [0]
        var row: Row
        init(row: Row) throws { self.row = row }
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
    }

    static let schema = StoreSchema(tables: [
        TableDefinition("notes", columns: [.init("id", .int), .init("owner", .int), .init("title", .string),
                                           .init("score", .double, nullable: true), .init("created", .timestamp)],
                        primaryKey: ["id"],
                        indexes: [IndexDefinition("byOwner", on: ["owner"]), IndexDefinition("byTitle", on: ["title"], unique: true)]),
    ])

    /// Notes 1…6, note `n` of owner `n % 2`, titled `t<n>`, with a score on the even ones.
    static func row(_ n: Int64) -> Row {
        [.int(n), .int(n % 2), .string("t\(n)"), n % 2 == 0 ? .double(Double(n) / 4) : .null, .timestamp(1_700_000_000_000_000 + n)]
    }

    func store(_ directory: TemporaryDirectory) throws -> Store {
        let store = try Store.open(at: directory.store(), schema: Self.schema, options: fastOptions)
        try store.write { tx in for n in 1...6 as ClosedRange<Int64> { _ = try tx.insert(Self.row(n), into: "notes") } }
        return store
    }

    @Test func getsDecodeTheStoredBytesStraightIntoTheRecord() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        let snapshot = store.snapshot
        let byKey = try #require(try RecordOperations<Note>.get(primaryKey: [.int(4)], in: snapshot, scope: nil))
        #expect(byKey.decodedBy == "reading" && byKey.row == Self.row(4))
        let byIndex = try #require(try RecordOperations<Note>.get(index: "byTitle", key: [.string("t3")], in: snapshot, scope: nil))
        #expect(byIndex.decodedBy == "reading" && byIndex.row == Self.row(3))
        #expect(try RecordOperations<Note>.get(primaryKey: [.int(9)], in: snapshot, scope: nil) == nil)
        #expect(try RecordOperations<Note>.get(index: "byTitle", key: [.string("t9")], in: snapshot, scope: nil) == nil)
        // The scope is checked on the stored bytes: another owner's note is not there.
        let owner1 = Scope(positions: [1], values: [.int(1)])
        #expect(try RecordOperations<Note>.get(primaryKey: [.int(4)], in: snapshot, scope: owner1) == nil)
        #expect(try RecordOperations<Note>.get(index: "byTitle", key: [.string("t4")], in: snapshot, scope: owner1) == nil)
        #expect(try RecordOperations<Note>.get(primaryKey: [.int(5)], in: snapshot, scope: owner1)?.row == Self.row(5))
        // A record without a direct decoder still reads, through its row.
        #expect(try RecordOperations<PlainNote>.get(primaryKey: [.int(2)], in: snapshot, scope: nil)?.row == Self.row(2))
    }

    @Test func queriesDecodeEachTakenRecordStraightFromTheStoredBytes() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        let access = StoreAccess(store: store)
        let byOwner = Query<Note, StoreAccess>(access: access, index: "byOwner", keyPositions: [1, 0], prefix: [.int(0)], order: .reverse, scope: nil)
        let byKey = Query<Note, StoreAccess>(access: access, index: nil, keyPositions: [0], prefix: [], order: .indexOrder, scope: nil)
        // The secondary index: owner 0's notes, newest key first, two to a page.
        let page = try byOwner.fetch(limit: 2)
        #expect(page.items.map(\.row) == [Self.row(6), Self.row(4)] && page.items.allSatisfy { $0.decodedBy == "reading" })
        // The cursor key is read from the stored bytes of the page's last record.
        #expect(page.next?.key == [.int(0), .int(4)])
        let rest = try byOwner.fetch(limit: 2, after: page.next)
        #expect(rest.items.map(\.row) == [Self.row(2)] && rest.next == nil)
        #expect(try byOwner.all().map(\.decodedBy) == ["reading", "reading", "reading"])
        #expect(try byOwner.first()?.decodedBy == "reading")
        // The primary key.
        let keyPage = try byKey.fetch(limit: 4)
        #expect(keyPage.items.map(\.row) == (1...4).map(Self.row) && keyPage.items.allSatisfy { $0.decodedBy == "reading" })
        #expect(keyPage.next?.key == [.int(4)])
        #expect(try byKey.all().map(\.row) == (1...6).map(Self.row))
        #expect(try byKey.first()?.decodedBy == "reading")
    }

    /// A fetch decodes exactly the records it returns: the row after the page's last only tells
    /// that more follow and is not decoded.
    @Test func aPageDecodesNoRowBeyondItsLimit() throws {
        let directory = TemporaryDirectory()
        let store = try store(directory)
        defer { store.close() }
        let access = StoreAccess(store: store)
        for index in [nil, "byOwner"] as [String?] {
            let query = Query<Note, StoreAccess>(access: access, index: index, keyPositions: index == nil ? [0] : [1, 0], prefix: [],
                                                 order: .indexOrder, scope: nil)
            let statistics = ScanStatistics()
            let page = try access.withSnapshot { try query.fetch(limit: 3, after: nil, in: $0, statistics: statistics) }
            #expect(page.items.count == 3 && page.hasMore)
            #expect(statistics.recordsDecodedFromStoredRows == 3 && statistics.recordsDecodedFromRows == 0)
        }
    }

    /// Every truncation of a stored row, a trailing byte, an unknown type byte, a value of
    /// another type and a null in a required field are each a clear error naming the entity.
    @Test func bytesThatDoNotDecodeIntoTheRecordAreUndecodable() throws {
        let bytes = RowCodec.encode(Self.row(2))
        for end in 0..<bytes.count {
            #expect(undecodable({ try Note.decode(stored: $0) }, Array(bytes[..<end])) != nil, "cut at \(end)")
        }
        #expect(undecodable({ try Note.decode(stored: $0) }, bytes + [0]) != nil)
        var unknownKind = bytes
        unknownKind[1] = 99
        #expect(undecodable({ try Note.decode(stored: $0) }, unknownKind) != nil)
        var wrongType = Self.row(2)
        wrongType[2] = .int(5)
        #expect(undecodable({ try Note.decode(stored: $0) }, RowCodec.encode(wrongType)) == "expected a string, found int(5)")
        wrongType[2] = .null
        #expect(undecodable({ try Note.decode(stored: $0) }, RowCodec.encode(wrongType)) == "expected a string, found null")
        #expect(undecodable({ try Note.decode(stored: $0) }, RowCodec.encode(Array(Self.row(2).prefix(4)))) == "4 columns instead of 5")
        // A 64-bit integer that an Int32 field cannot hold.
        let wide = RowCodec.encode([.int(Int64(Int32.max) + 1)])
        let reason = try wide.withUnsafeBufferPointer { bytes -> String? in
            var reader = try RowReader(bytes)
            do {
                _ = try Int32(reading: &reader)
                return nil
            } catch let error as ColumnDecodingError { return error.description }
        }
        #expect(reason == "expected an int32, found int(2147483648)")
        // The good bytes still decode.
        #expect(try bytes.withUnsafeBufferPointer { try Note.decode(stored: $0) }.row == Self.row(2))
    }

    /// The reason of the ``RecordError/undecodable(entity:reason:)`` for entity `notes` that
    /// `decode` throws on `bytes`; nil (and a recorded issue for any other error) otherwise.
    func undecodable(_ decode: (UnsafeBufferPointer<UInt8>) throws -> Note, _ bytes: [UInt8],
                     sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            _ = try bytes.withUnsafeBufferPointer { try decode($0) }
            return nil
        } catch RecordError.undecodable(let entity, let reason) where entity == "notes" {
            return reason
        } catch {
            Issue.record("expected RecordError.undecodable for notes, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}
