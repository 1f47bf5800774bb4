import Foundation
import Testing
@testable import SchemaGenRuntime

/// `Store.verify` on stores whose files are intact but whose content breaks a rule: an index
/// that disagrees with its rows, and a child whose parent is gone. Each on both checkpoint
/// formats: the altered state is written as a snapshot file or as a new page file.
@Suite struct VerifyTests {
    static let schema = CrashWorker.schema

    /// A closed store with orders 1...3 (and their items) whose snapshot is replaced by the
    /// same state after `change`, written with valid checksums and counts.
    static func storeWithAlteredSnapshot(_ path: String, _ change: (inout StoreState, ResolvedSchema) -> Void) throws {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        for n in 1...3 { try FaultInjectionTests.commit(store, Int64(n)) }
        try store.checkpoint()
        var state = store.snapshot.state
        let resolved = store.schema
        store.close()
        change(&state, resolved)
        let log = URL(fileURLWithPath: try newestLog(path)).lastPathComponent
        let generation = FileFormat.Directory.generation(ofLogName: log)!
        if StoreFormat.pages {
            let created = try PageStore.create(state, directory: path, schema: resolved, fileSystem: POSIXFileSystem(), sync: false,
                                               cacheNodes: 64, logGeneration: generation)
            created.store.close()
        } else {
            try SnapshotFile.write(state, schema: resolved, logGeneration: generation, directory: path, fileSystem: POSIXFileSystem(), sync: false)
        }
    }

    /// A generation newer than any node, so edits copy nodes instead of changing them in place.
    static let editGeneration: UInt64 = 1 << 40

    static func item(_ id: Int64, order: Int64) -> Row { [.int(id), .int(order), .int(1)] }

    static func verifyFailure(_ path: String) -> String? {
        do {
            _ = try Store.verify(at: path, schema: schema)
            return nil
        } catch let violation as BTreeInvariantViolation {
            return violation.description
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test func verifyFindsAMissingIndexEntry() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                try Self.storeWithAlteredSnapshot(dir.store()) { state, schema in
                    let items = schema.tables[1], row = Self.item(2, order: 1)
                    let entry = IndexKeys.entry(items.indexes[0], row: row, primaryKey: IndexKeys.primaryKey(items, row: row))!
                    #expect(state.tables[1].indexes[0].remove(entry, generation: Self.editGeneration) != nil)
                }
                #expect(Self.verifyFailure(dir.store()) == "table 'items': index 'byOrder' disagrees with rows")
                // Opening does not compare indexes with rows (that is verify's job); reads stay safe.
                let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
                defer { store.close() }
                #expect(try store.snapshot.scan("items", index: "byOrder", prefix: [.int(1)]) == [Self.item(3, order: 1)])
            }
        }
    }

    @Test func verifyAndReadsFindAnIndexEntryWithoutItsRow() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                try Self.storeWithAlteredSnapshot(dir.store()) { state, schema in
                    let items = schema.tables[1], row = Self.item(999, order: 1)
                    let entry = IndexKeys.entry(items.indexes[0], row: row, primaryKey: IndexKeys.primaryKey(items, row: row))!
                    #expect(state.tables[1].indexes[0].insert(entry, [], generation: Self.editGeneration) == nil)
                }
                #expect(Self.verifyFailure(dir.store()) == "table 'items': index 'byOrder' disagrees with rows")
                let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
                defer { store.close() }
                #expect(storeError { try store.snapshot.scan("items", index: "byOrder") } == .danglingIndexEntry(table: "items", index: "byOrder"))
                #expect(storeError { try store.snapshot.get("items", index: "byOrder", key: [.int(1)]) } == nil)
                var cursor = try store.snapshot.cursor("items", index: "byOrder", prefix: [.int(1)])
                #expect(cursor.next() == Self.item(2, order: 1))
                #expect(cursor.next() == Self.item(3, order: 1))
                #expect(cursor.next() == nil)
                #expect(cursor.failure == .danglingIndexEntry(table: "items", index: "byOrder"))
            }
        }
    }

    @Test func verifyFindsAChildWithoutItsParent() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                try Self.storeWithAlteredSnapshot(dir.store()) { state, schema in
                    let orders = schema.tables[0]
                    #expect(state.tables[0].primary.remove(IndexKeys.primaryKey(orders, row: [.int(2), .string("o2")]),
                                                          generation: Self.editGeneration) != nil)
                }
                #expect(storeError { try Store.verify(at: dir.store(), schema: Self.schema) }
                        == .missingParent(table: "items", foreignKey: "order", parentTable: "orders", key: [.int(2)]))
            }
        }
    }

    @Test func verifyPassesAnIntactStore() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                try Self.storeWithAlteredSnapshot(dir.store()) { _, _ in }
                let report = try Store.verify(at: dir.store(), schema: Self.schema)
                #expect(report == VerificationReport(rowCounts: ["orders": 3, "items": 6], replayedTransactions: 0, hasTornTail: false))
            }
        }
    }
}
