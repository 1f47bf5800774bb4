import Foundation
import Testing
@testable import SchemaGenRuntime

/// Stores written before catalogs recorded value shapes: matched to a version with the shapes
/// left out, unless versions differing only in shapes make that ambiguous.
@Suite struct LegacyCatalogTests {
    static func users(_ shape: ValueShape?) -> StoreSchema {
        StoreSchema(tables: [TableDefinition("users", columns: [.init("id", .int), .init("mood", .string, shape: shape)], primaryKey: ["id"])])
    }
    static let rows: [String: [Row]] = ["users": [[.int(1), .string("happy")], [.int(2), .string("sad")]]]
    static let moods = ValueShape.enumeration("Mood", cases: ["happy", "sad"])

    @Test func storeWithoutShapesAtTheCurrentVersionGainsThemAndKeepsItsRows() throws {
        let dir = TemporaryDirectory()
        try Evolution.write(Self.users(nil), Self.rows, at: dir.store())
        let store = try Store.open(at: dir.store(), evolution: Evolution.chain([Self.users(Self.moods)], []), options: fastOptions,
                                   migration: .refuse)
        #expect(try store.snapshot.scan("users") == Self.rows["users"])
        store.close()
        #expect(try StoredCatalog.read(dir.store(), fileSystem: POSIXFileSystem()) == Self.users(Self.moods))
    }

    @Test func storeWithoutShapesAtAnOlderVersionMigrates() throws {
        let dir = TemporaryDirectory()
        try Evolution.write(Self.users(nil), Self.rows, at: dir.store())
        var v2 = Self.users(.enumeration("Mood", cases: ["happy", "blue"]))
        v2.tables[0].columns.append(.init("note", .string, nullable: true))
        let store = try Store.open(at: dir.store(), evolution: Evolution.chain([Self.users(Self.moods), v2], [step(enums: ["Mood": ["sad": "blue"]])]),
                                   options: fastOptions)
        defer { store.close() }
        #expect(try store.snapshot.scan("users") == [[.int(1), .string("happy"), .null], [.int(2), .string("blue"), .null]])
    }

    @Test func storeWithoutShapesThatTwoDifferentlyShapedVersionsMatchIsRefused() throws {
        let dir = TemporaryDirectory()
        try Evolution.write(Self.users(nil), Self.rows, at: dir.store())
        let before = try Evolution.files(dir.store())
        let v2 = Self.users(.enumeration("Mood", cases: ["happy", "sad", "calm"]))
        let error = storeError {
            try Store.open(at: dir.store(), evolution: Evolution.chain([Self.users(Self.moods), v2], [step()]), options: fastOptions)
        }
        #expect(error == .unknownStoreVersion("the store records no value shapes, and versions 1, 2 match it with different ones, so which of them wrote it is unknown"))
        #expect(try Evolution.files(dir.store()) == before)
    }
}
