import Foundation
import Testing
@testable import SchemaGenRuntime

/// An index scan that fetches a row whose primary-tree leaf is damaged fails with the page's
/// fault (`corrupted`, naming the file and the record), not as a dangling index entry: the row
/// is there, its record is not readable.
@Suite struct DamagedRowFetchTests {
    @Test func anIndexScanFetchingARowOfADamagedLeafFailsWithThePageFault() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: rows)
        let error = StoreError.corrupted(file: damaged.file.path, offset: Int(damaged.offset), reason: "page checksum mismatch")
        // Found in another store, so the store scanned below has met no damage before its scan.
        let missing = try PageFiles.idsInTheDamagedLeaf(dir.store(), rows: rows)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        #expect(missing.count > 10 && missing.count <= BTree.maxLeafFill, "\(missing.count)")
        #expect(store.pages?.faults.first == nil)
        let group = Int64(missing[0] % 97)
        var cursor = try store.snapshot.cursor("items", index: "byGroup", prefix: [.int(group)])
        var read: [Row] = []
        while let row = cursor.next() { read.append(row) }
        #expect(cursor.failure == error)
        #expect(read == (0..<missing[0]).filter { $0 % 97 == Int(group) }.map(PageFileTests.row))
        #expect(storeError { try store.snapshot.scan("items", index: "byGroup", prefix: [.int(group)]) } == error)
    }
}
