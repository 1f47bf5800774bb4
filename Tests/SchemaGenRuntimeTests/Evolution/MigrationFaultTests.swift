import Foundation
import Testing
@testable import SchemaGenRuntime

/// A migration whose writing fails (a full disk at any byte, a failed fsync, a failed rename)
/// throws, leaves the store wholly at the old version, and the next open migrates it.
@Suite struct MigrationFaultTests {
    static let v1 = StoreSchema(tables: [TableDefinition("notes", columns: [.init("id", .int), .init("text", .string)], primaryKey: ["id"])])
    static let v2 = StoreSchema(tables: [TableDefinition("notes", columns: [.init("id", .int), .init("body", .string), .init("pinned", .bool)],
                                                         primaryKey: ["id"])])
    static let evolution = Evolution.chain([v1, v2], [step(columns: ["notes": ["body": .column("text", whenNull: nil), "pinned": .fill(.bool(false))]])])
    static let rows: [String: [Row]] = ["notes": (1...200).map { [.int(Int64($0)), .string("note \($0)")] }]

    /// On both checkpoint formats (``StoreFormat``): the old store and the migration's result are in that format.
    @Test(arguments: [false, true])
    func failedWritesLeaveTheOldStoreAndTheNextOpenMigrates(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try migrateThroughFaults() }
    }

    private func migrateThroughFaults() throws {
        let pages = StoreFormat.pages
        let dir = TemporaryDirectory()
        let pristine = dir.store("pristine")
        try Evolution.write(Self.v1, Self.rows, at: pristine)
        let faults: [(String, (FaultInjectingFileSystem) -> Void)] = ([0, 30, 100, 1_000, 4_000] as [Int]).map { room in
            ("disk full after \(room) bytes", { $0.bytesUntilFull = room })
        } + [("failed fsync", { $0.failSyncs = true }), ("failed rename", { $0.failRenames = true })]
        for (name, inject) in faults {
            let path = dir.store()
            try copyStore(pristine, to: path)
            let fs = FaultInjectingFileSystem()
            inject(fs)
            #expect(throws: StoreError.self, "\(name)") {
                try Store.open(at: path, evolution: Self.evolution, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
            }
            #expect(try Store.verify(at: path, schema: Self.v1).rowCounts == ["notes": 200], "\(name)")
            #expect(!FileManager.default.fileExists(atPath: path + "/" + StoreFormat.temporaryCheckpoint), "\(name)")
            let store = try Store.open(at: path, evolution: Self.evolution, options: fastOptions)
            #expect((store.pages != nil) == pages, "\(name): the migrated store keeps its format")
            #expect(try store.snapshot.scan("notes") == Self.rows["notes"]!.map { $0 + [.bool(false)] }, "\(name)")
            store.close()
        }
    }
}
