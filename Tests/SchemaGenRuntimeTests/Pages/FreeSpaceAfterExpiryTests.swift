import Foundation
import Testing
@testable import SchemaGenRuntime

/// The full benchmark's pattern on a page file: rows appended in key order and the oldest
/// deleted, a checkpoint after each round. The free page runs after a checkpoint are what that
/// checkpoint freed (the old copies of the records it replaced and the deleted rows' records,
/// which only the next checkpoint may write) and, from earlier checkpoints, no more than runs
/// too small for the records written since; `Store.inspect` reports both; `compact()` returns
/// them to the file system (`docs/storage.md`, "Disk per row at 10M rows").
@Suite struct FreeSpaceAfterExpiryTests {
    @Test func freeRunsAfterACheckpointAreWhatItFreedAndInspectReportsThem() throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: 4000)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 64))
        let pages = try #require(store.pages)
        #expect(pages.file.reusesPageRuns)
        var oldest = 0, next = 4000
        var freedByLast: UInt64 = 0, free: UInt64 = 0, length: UInt64 = 0
        for round in 0..<12 {
            try store.write { tx in for id in next..<(next + 1000) { try tx.insert(PageFileTests.row(id), into: "items") } }
            next += 1000
            let deleted = try store.write { tx in
                try (oldest..<(oldest + 400)).filter { try tx.delete(primaryKey: .int(Int64($0)), from: "items") }.count
            }
            #expect(deleted == 400)
            oldest += 400
            try store.checkpoint()
            free = pages.freeRuns.bytes
            freedByLast = pages.freeRuns.bytes(freedBy: pages.checkpointNumber)
            length = pages.file.validLength
            #expect(freedByLast > 0, "round \(round): the checkpoint replaced records")
            // Runs freed before the last checkpoint were written again, but for pieces too small.
            if round >= 1 { #expect(free - freedByLast <= length / 50, "round \(round): \(free - freedByLast) of \(length) bytes left free from before") }
        }
        #expect(try store.snapshot.count("items") == next - oldest)
        store.close()

        let inspection = try Store.inspect(at: dir.store())
        #expect(inspection.freePageBytes == Int(free))
        #expect(inspection.freePageBytesFreedByLastCheckpoint == Int(freedByLast))
        #expect(inspection.freePageRuns == pages.freeRuns.runs.count)
        let pageFile = dir.store() + "/" + FileFormat.Pages.fileName(pages.file.number)
        #expect(try FileManager.default.attributesOfItem(atPath: pageFile)[.size] as? Int == Int(length))

        let reopened = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 64))
        try reopened.compact()
        reopened.close()
        let compacted = try Store.inspect(at: dir.store())
        #expect(compacted.freePageBytes == 0)
        #expect(compacted.freePageBytesFreedByLastCheckpoint == 0)
        let metaBytes = try POSIXFileSystem().readFile(dir.store() + "/" + FileFormat.Pages.meta).count
        #expect(compacted.snapshotBytes - metaBytes == Int(length - free))
    }
}
