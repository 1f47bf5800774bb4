import SchemaEmitters
import Testing

/// The data dictionary of every seed, compared with the checked-in golden files.
@Suite struct DocsGoldenTests {
    @Test(arguments: SeedSchemas.names)
    func dataDictionaryMatchesGoldenFile(seed: String) throws {
        let files = DocsEmitter().emit(try SeedSchemas.load(seed))
        #expect(files.map(\.path) == ["docs/\(seed).md"])
        for file in files {
            try MongoDocsFixtures.expectMatchesGolden(file.contents, schema: seed, path: file.path)
        }
    }

    @Test(arguments: SeedSchemas.names)
    func outputIsDeterministic(seed: String) throws {
        let schema = try SeedSchemas.load(seed)
        #expect(DocsEmitter().emit(schema) == DocsEmitter().emit(schema))
    }
}
