import SchemaEmitters
import Testing

/// The MongoDB scripts of every MongoDB seed, compared with the checked-in golden files.
@Suite struct MongoGoldenTests {
    @Test(arguments: MongoDocsFixtures.mongoSeedNames)
    func scriptsMatchGoldenFiles(seed: String) throws {
        let files = MongoEmitter().emit(try SeedSchemas.load(seed))
        #expect(files.map(\.path) == ["mongo/setup.js", "mongo/retention.js"])
        for file in files {
            try MongoDocsFixtures.expectMatchesGolden(file.contents, schema: seed, path: file.path)
        }
    }

    @Test(arguments: SeedSchemas.names.filter { !MongoDocsFixtures.mongoSeedNames.contains($0) })
    func sqlSeedsGetNoMongoFiles(seed: String) throws {
        #expect(MongoEmitter().emit(try SeedSchemas.load(seed)).isEmpty)
    }

    @Test(arguments: MongoDocsFixtures.mongoSeedNames)
    func outputIsDeterministic(seed: String) throws {
        let schema = try SeedSchemas.load(seed)
        #expect(MongoEmitter().emit(schema) == MongoEmitter().emit(schema))
    }
}
