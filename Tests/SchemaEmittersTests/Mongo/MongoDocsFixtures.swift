import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// Seed schemas, inline schemas and golden files shared by the MongoDB and docs emitter tests.
enum MongoDocsFixtures {
    /// The seeds that target MongoDB.
    static let mongoSeedNames = ["mozaiks_core", "syncara_bot"]

    /// The emitted file at a path, failing when it is missing.
    static func file(_ path: String, in files: [EmittedFile]) throws -> String {
        guard let file = files.first(where: { $0.path == path }) else {
            throw FixtureError("no \(path) among \(files.map(\.path))")
        }
        return file.contents
    }

    /// Compares emitted text with its golden file (see ``GoldenFiles``).
    static func expectMatchesGolden(_ contents: String, schema: String, path: String,
                                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try GoldenFiles.expectMatches(contents, schema: schema, path: path, sourceLocation: sourceLocation)
    }
}

/// A fixture that could not be prepared.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
