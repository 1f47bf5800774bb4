import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The checked-in Swift of the store-evolution fixtures (the `StoreEvolutionV1Data` and
/// `StoreEvolutionV2Data` targets) is what the emitter writes now, v2 with v1 as its migration.
@Suite struct StoreEvolutionFixtureTests {
    @Test(arguments: ["v1", "v2"]) func checkedInSwiftIsCurrent(_ version: String) throws {
        let schema = try DeprecatedAliasTests.fixture(version)
        let versions = version == "v1" ? [] : try DeprecatedAliasTests.versions()
        let files = SwiftEmitter(versions: versions).emit(schema)
        #expect(files.contains { $0.path.hasSuffix("+StoreEvolution.swift") })
        let folder = SeedSchemas.packageRoot.appendingPathComponent("Tests/Fixtures/store_evolution/\(version)/notes")
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            #expect(try String(contentsOf: url, encoding: .utf8) == file.contents,
                    "stale \(file.path): run the build in \(version)/notes.schema's header")
        }
    }
}
