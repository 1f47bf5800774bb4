import Foundation
import Testing
@testable import SchemaGenRuntime

/// ``FileFormat`` is the one definition of the on-disk constants; these pin it to the layout
/// docs/storage.md documents and to the files a store actually writes.
@Suite struct FileFormatTests {
    @Test func constantsMatchTheDocumentedLayout() throws {
        #expect(FileFormat.Frame.headerSize == 12)
        #expect(FileFormat.Log.headerRecordSize == 12 + 8 + 8 + 8)
        #expect(String(decoding: FileFormat.Log.magic, as: UTF8.self) == "SGWAL003")
        #expect(String(decoding: FileFormat.Log.legacyMagic, as: UTF8.self) == "SGWAL002")
        #expect(FileFormat.Log.transactionKind == 1 && FileFormat.Log.endKind == 2 && FileFormat.Log.timedTransactionKind == 3)
        #expect(String(decoding: FileFormat.Snapshot.magic, as: UTF8.self) == "SGSNAP01")
        #expect(FileFormat.Directory.logName(generation: 3) == "wal-0000000000000003.log")
        #expect(FileFormat.Directory.generation(ofLogName: "wal-00000000000000ff.log") == 255)
        #expect(FileFormat.Directory.generation(ofLogName: "wal-ff.log") == nil)
        #expect(FileFormat.Directory.generation(ofLogName: FileFormat.Directory.snapshot) == nil)
        let docs = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/storage.md").standardized, encoding: .utf8)
        for name in [FileFormat.Directory.lock, FileFormat.Directory.snapshot, FileFormat.Directory.temporarySnapshot,
                     FileFormat.Directory.pageTokenSecret, "\"SGWAL003\"", "\"SGWAL002\"", "\"SGSNAP01\""] {
            #expect(docs.contains("`\(name)`"), "docs/storage.md does not name \(name)")
        }
    }

    /// A new store's checkpoint is in the format its options ask for: `snapshot.dat`, or
    /// `pages.meta` and the first page file.
    @Test(arguments: [false, true])
    func aNewStoreWritesExactlyTheHeaderRecordAndTheNamedFiles(pages: Bool) throws {
        let dir = TemporaryDirectory()
        let schema = StoreSchema(tables: [TableDefinition("t", columns: [.init("id", .int)], primaryKey: ["id"])])
        var options = StoreOptions(durability: .unsynced)
        options.usesPageFile = pages
        let store = try Store.open(at: dir.store(), schema: schema, options: options)
        defer { store.close() }
        let log = dir.store() + "/" + FileFormat.Directory.logName(generation: 1)
        let bytes = try StoreFiles.bytes(log)
        #expect(bytes.count == FileFormat.Log.headerRecordSize)
        #expect(Array(bytes[FileFormat.Frame.headerSize..<FileFormat.Frame.headerSize + 8]) == FileFormat.Log.magic)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.store()).sorted()
        let checkpoint = pages ? [FileFormat.Pages.meta, FileFormat.Pages.fileName(1)] : [FileFormat.Directory.snapshot]
        #expect(names == ([FileFormat.Directory.lock, FileFormat.Directory.logName(generation: 1)] + checkpoint).sorted())
    }
}
