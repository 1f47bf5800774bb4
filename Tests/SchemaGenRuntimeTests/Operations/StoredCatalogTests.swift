import Foundation
import Testing
@testable import SchemaGenRuntime

/// Opening, verifying and inspecting a store by the catalog stored in it (no generated code).
@Suite struct StoredCatalogTests {
    @Test func openVerifyAndInspectWithoutTheSchema() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                var store = try Bank.open(dir.store())
                for n in 0..<12 { try Bank.transfer(store, Int64(n)) }
                try store.checkpoint()
                for n in 12..<15 { try Bank.transfer(store, Int64(n)) }
                store.close()

                #expect(try Store.storedSchema(at: dir.store()) == Bank.schema)
                let report = try Store.verify(storedAt: dir.store())
                #expect(report.rowCounts == ["accounts": 8, "ledger": 15] && report.replayedTransactions == 3)

                let inspection = try Store.inspect(at: dir.store())
                #expect(inspection.tables.map(\.name) == ["accounts", "ledger"])
                #expect(inspection.tables.map(\.rows) == [8, 15])
                #expect(inspection.tables[1].indexes == ["byFrom"] && inspection.tables[1].primaryKey == ["id"])
                #expect(inspection.logs.map(\.name) == [FileFormat.Directory.logName(generation: 2)])
                #expect(inspection.logs.map(\.transactions) == [3] && inspection.logs.map(\.firstSequence) == [14])
                #expect(inspection.logs.map(\.hasCommitTimes) == [true])
                #expect(inspection.logs.map(\.bytes) == [try StoreFiles.bytes(dir.store() + "/" + FileFormat.Directory.logName(generation: 2)).count])
                #expect(inspection.nextSequence == 17 && !inspection.hasTornTail && inspection.backup == nil)
                let checkpoint = pages ? [FileFormat.Pages.meta, URL(fileURLWithPath: try PageFiles.pageFile(dir.store())).lastPathComponent]
                                       : [FileFormat.Directory.snapshot]
                #expect(inspection.snapshotBytes == (try checkpoint.reduce(0) { $0 + (try StoreFiles.bytes(dir.store() + "/" + $1).count) }))

                store = try Store.open(storedAt: dir.store(), options: fastOptions)
                #expect(try Bank.checkConsistent(store.snapshot) == 15)
                // Inspecting an open store is refused rather than racing its writers.
                #expect(storeError { try Store.inspect(at: dir.store()) } == .alreadyOpen(path: dir.store() + "/LOCK"))
                try store.backup(to: dir.path + "/backup")
                store.close()
                let backup = try Store.inspect(at: dir.path + "/backup")
                #expect(backup.backup?.nextSequence == 17 && backup.backup?.rowCounts == ["accounts": 8, "ledger": 15])
            }
        }
    }

    @Test func aDirectoryWithoutASnapshotIsNotAStore() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.store(), withIntermediateDirectories: true)
        let missing = StoreError.corrupted(file: dir.store() + "/snapshot.dat", offset: 0, reason: "snapshot is missing")
        #expect(storeError { try Store.storedSchema(at: dir.store()) } == missing)
        #expect(storeError { try Store.open(storedAt: dir.store()) } == missing)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.store()).isEmpty, "nothing was created")
    }
}
