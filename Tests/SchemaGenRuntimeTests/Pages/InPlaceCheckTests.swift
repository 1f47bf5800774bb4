import Foundation
import Testing
@testable import SchemaGenRuntime

/// The check a node record gets the first time a map meets it (``PageFile/checkInPlace(_:in:)``,
/// what point reads and scans below the root run) refuses exactly what decoding the record
/// refuses, with the same error, while decoding nothing.
@Suite struct InPlaceCheckTests {
    /// A forged record: a root leaf of a 40-row `PageFileTests` store rewritten with valid
    /// checksums (`change` applied), or damaged afterwards by `damage` (file bytes, record offset).
    struct Forgery: CustomTestStringConvertible, Sendable {
        let name: String
        var tree = 0
        var change: @Sendable (inout PageFiles.Leaf) -> Void = { _ in }
        var damage: @Sendable (inout [UInt8], Int) -> Void = { _, _ in }
        /// The reason of the `corrupted` error both paths throw; nil for an intact record.
        let reason: String?
        var testDescription: String { name }
    }

    static let forgeries: [Forgery] = [
        Forgery(name: "intact", reason: nil),
        Forgery(name: "intact index leaf", tree: 1, reason: nil),
        Forgery(name: "keys swapped", change: { $0.keys.swapAt(0, 1); $0.values.swapAt(0, 1) },
                reason: "keys of the page are not in increasing order"),
        Forgery(name: "key repeated", change: { $0.keys[2] = $0.keys[1] }, reason: "keys of the page are not in increasing order"),
        Forgery(name: "row that does not decode", change: { $0.values[3] = [2, 1, 7, 99] },
                reason: "row of table 'items' does not decode"),
        // Rows of the right width whose values the row check's per-table kinds (RowKinds) refuse.
        Forgery(name: "row with a string in an int column", change: { $0.values[3] = [3, 1, 2, 3, 1, 0x61, 3, 1, 0x61] },
                reason: "row of table 'items' does not decode"),
        Forgery(name: "row with a null in a column that is not nullable", change: { $0.values[3] = [3, 1, 2, 1, 4, 0] },
                reason: "row of table 'items' does not decode"),
        Forgery(name: "row with a type byte that is no type", change: { $0.values[3] = [3, 1, 2, 1, 4, 9] },
                reason: "row of table 'items' does not decode"),
        Forgery(name: "index entry too short for its primary key", tree: 1, change: { $0.keys[$0.keys.count - 1] += [0, 200] },
                reason: "index entry of table 'items' tree 1 is malformed"),
        Forgery(name: "empty leaf", change: { $0.keys = []; $0.values = [] }, reason: "page holds 0 keys"),
        Forgery(name: "overfull leaf", change: { leaf in
            let last = leaf.keys[leaf.keys.count - 1]
            for i in 0..<(BTree.maxLeafFill + 1 - leaf.keys.count) { leaf.keys.append(last + [UInt8(i)]); leaf.values.append(leaf.values[0]) }
        }, reason: "page holds 65 keys"),
        Forgery(name: "payload byte flipped", damage: { bytes, offset in bytes[offset + 20] ^= 0x04 }, reason: "page checksum mismatch"),
        Forgery(name: "header length changed", damage: { bytes, offset in bytes[offset] ^= 0x01 }, reason: "page checksum mismatch"),
        Forgery(name: "trailing byte in the record", damage: { bytes, offset in
            // One byte more in the payload, with the frame's checksums made valid again.
            let length = Int(ByteReader.u32(bytes, at: offset))
            var payload = Array(bytes[(offset + 12)..<(offset + 12 + length)])
            payload.append(0)
            bytes.replaceSubrange(offset..., with: RecordFraming.frame(payload))
        }, reason: "trailing bytes in page"),
    ]

    /// Each forgery read both ways from a page file opened on its own: the decode (``PageFile/read(_:)``)
    /// and the in-place check throw the same error, and a point read below the record reads as
    /// absent with that error recorded as the file's fault. An intact record passes both, and
    /// only the in-place check counts as one.
    @Test(arguments: forgeries)
    func theInPlaceCheckRefusesWhatTheDecodeRefuses(_ forgery: Forgery) throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: 40)
        let (path, offset) = try PageFiles.rewriteRootLeaf(dir.store(), tree: forgery.tree, forgery.change)
        var bytes = try StoreFiles.bytes(path)
        let untouched = bytes.count
        forgery.damage(&bytes, offset)
        try StoreFiles.write(bytes, to: path)
        var meta = try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem())
        var root = try #require(meta.tables[0].trees[forgery.tree].root)
        if bytes.count != untouched {
            // The record was framed again at another length: its parent names it as it is now.
            root.length = UInt32(bytes.count - offset)
            root.checksum = RecordFraming.payloadChecksum(ofRecord: bytes, at: offset)
            meta.validLength = UInt64(bytes.count)
        }
        let file = PageFile(path: path, number: meta.fileNumber, reader: try POSIXFileSystem().openForReading(path),
                            validLength: meta.validLength, schema: try ResolvedSchema(PageFileTests.schema),
                            cache: PageCache(capacity: 8), faults: PageFaults())
        let reference = PageReference(file: file, offset: root.offset, length: root.length, level: root.level, table: 0,
                                      tree: UInt16(forgery.tree), checksum: root.checksum)
        let expected = forgery.reason.map { StoreError.corrupted(file: path, offset: offset, reason: $0) }
        let mapping = try #require(file.inPlaceMapping(for: reference))
        #expect(storeError { try file.checkInPlace(reference, in: mapping) } == expected)
        #expect(storeError { try file.read(reference) } == expected)
        #expect(file.recordsCheckedInPlace == (expected == nil ? 1 : 0))
        #expect(file.cache.reads == 0)
        // Row 0's key (for an intact index leaf, its first entry) looked up below the record through the map.
        let key = forgery.tree == 1 && expected == nil ? try file.read(reference).key(0) : IndexKeyEncoder.encode([.int(0)])
        let found = key.withUnsafeBufferPointer { key in file.withMappedValue(forKey: key, below: reference) { _ in true } }
        switch (found, expected) {
        case (.found, nil): break
        case (.absent, _?): break
        default: Issue.record("read below the record: \(found), expected \(String(describing: expected))")
        }
        #expect(file.faults.first == expected)
    }
}
