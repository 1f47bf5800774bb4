import SchemaEmitters
import Testing

/// The data dictionary of every seed, compared with the checked-in golden files.
@Suite struct DocsGoldenTests {
    @Test(arguments: MongoDocsFixtures.seedNames)
    func dataDictionaryMatchesGoldenFile(seed: String) throws {
        let files = DocsEmitter().emit(try MongoDocsFixtures.seed(seed))
        #expect(files.map(\.path) == ["docs/\(seed).md"])
        for file in files {
            try MongoDocsFixtures.expectMatchesGolden(file.contents, schema: seed, path: file.path)
        }
    }

    @Test(arguments: MongoDocsFixtures.seedNames)
    func outputIsDeterministic(seed: String) throws {
        let schema = try MongoDocsFixtures.seed(seed)
        #expect(DocsEmitter().emit(schema) == DocsEmitter().emit(schema))
    }
}
