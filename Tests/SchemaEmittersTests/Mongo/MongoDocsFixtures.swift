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

    /// Compares emitted text with its golden file under `Tests/SchemaEmittersTests/Golden/<schema>/`,
    /// or rewrites the golden file when `SCHEMAGEN_UPDATE_GOLDEN=1`.
    static func expectMatchesGolden(_ contents: String, schema: String, path: String,
                                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = packageRoot.appendingPathComponent("Tests/SchemaEmittersTests/Golden/\(schema)/\(path)")
        if ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); run with SCHEMAGEN_UPDATE_GOLDEN=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        if golden != contents {
            let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let actual = contents.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, actual.count)
            let want = line < expected.count ? String(expected[line]) : "<end of file>"
            let got = line < actual.count ? String(actual[line]) : "<end of file>"
            Issue.record("""
                \(schema)/\(path) differs from its golden file at line \(line + 1):
                  golden:  \(want)
                  emitted: \(got)
                (run with SCHEMAGEN_UPDATE_GOLDEN=1 to accept the new output)
                """, sourceLocation: sourceLocation)
        }
    }
}

/// A fixture that could not be prepared.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
