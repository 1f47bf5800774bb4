import Foundation
import Testing
@testable import SchemaLanguage

/// The repository's seed schemas check clean and hold what their seed documents describe.
@Suite struct SeedTests {
    @Test func everySeedHasAnInventory() throws {
        let files = try FileManagerShim.schemaFiles()
        #expect(files == SeedInventory.all.map(\.file).sorted())
    }

    @Test(arguments: SeedInventory.all.map(\.file))
    func checksWithoutErrors(_ file: String) throws {
        let (schema, diagnostics) = compile(try Seeds.text(file), path: "schema/\(file)")
        #expect(errors(diagnostics).isEmpty, "\(errors(diagnostics).map(\.description).joined(separator: "\n"))")
        #expect(schema != nil)
    }

    @Test(arguments: SeedInventory.all)
    func matchesItsInventory(_ inventory: SeedInventory) throws {
        let schema = try #require(compile(try Seeds.text(inventory.file)).schema)
        var fieldCounts: [String: Int] = [:]
        for entity in schema.entities { fieldCounts[entity.name] = entity.fields.count }
        #expect(fieldCounts == inventory.entities)
        #expect(schema.entities.map { $0.indexes.count }.reduce(0, +) == inventory.indexCount)
        #expect(schema.entities.map { $0.retention.count }.reduce(0, +) == inventory.retentionRuleCount)
        #expect(schema.caches.count == inventory.cacheCount)
        #expect(schema.types.map(\.name) == inventory.nestedTypeNames)
    }
}

extension SeedInventory: CustomTestStringConvertible {
    var testDescription: String { file }
}

enum FileManagerShim {
    /// The `.schema` files in the repository's schema/ folder.
    static func schemaFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Seeds.root.appendingPathComponent("schema").path)
            .filter { $0.hasSuffix(".schema") }.sorted()
    }
}
