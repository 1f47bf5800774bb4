import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// Seed schemas, inline schemas and golden files shared by the MongoDB and docs emitter tests.
enum MongoDocsFixtures {
    /// The package root (the folder holding `Package.swift`).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The seed schemas' names.
    static let seedNames = ["discord_bot", "gryag_bot", "mozaiks_core", "setai_bot", "syncara_bot"]
    /// The seeds that target MongoDB.
    static let mongoSeedNames = ["mozaiks_core", "syncara_bot"]

    /// A seed schema, checked, compiled with its path relative to the package root.
    static func seed(_ name: String) throws -> Schema {
        let path = "schema/\(name).schema"
        let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
        return try compile(text, path: path)
    }

    /// Compiles schema text, failing the test with the diagnostics when it has errors.
    static func compile(_ text: String, path: String = "test.schema") throws -> Schema {
        let result = SchemaCompiler.compile(path: path, text: text)
        guard let schema = result.schema else {
            let messages = result.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
            throw FixtureError("schema does not compile:\n" + messages.joined(separator: "\n"))
        }
        return schema
    }

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
