import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// Seed schemas and inline schemas for the SQL tests, compiled once.
enum SQLTestSupport {
    /// The package root, found from this file's path (…/Tests/SchemaEmittersTests/SQL/…).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The seed schemas' names, in a fixed order.
    static let seedNames = ["discord_bot", "gryag_bot", "mozaiks_core", "setai_bot", "syncara_bot"]

    /// A seed schema compiled from `schema/<name>.schema`, with its source path relative to the root.
    static func seed(_ name: String) throws -> Schema {
        let path = "schema/\(name).schema"
        let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
        return try compile(path: path, text: text)
    }

    /// Compiles schema text, failing the test with the diagnostics when it does not check.
    static func compile(path: String = "inline.schema", text: String) throws -> Schema {
        let result = SchemaCompiler.compile(path: path, text: text)
        guard let schema = result.schema else {
            throw SchemaDidNotCompile(diagnostics: result.diagnostics.map { "\($0)" })
        }
        return schema
    }

    /// The seeds with tables, each paired with every dialect (a schema's SQL must work anywhere).
    static var seedsWithTables: [String] { ["discord_bot", "gryag_bot", "setai_bot"] }

    /// The schema renamed so that cluster-wide objects (PostgreSQL roles) are private to one database.
    static func isolated(_ schema: Schema, database: String) -> Schema {
        var copy = schema
        copy.name = "\(schema.name)_\(database)"
        return copy
    }
}

struct SchemaDidNotCompile: Error, CustomStringConvertible {
    var diagnostics: [String]
    var description: String { "schema did not compile:\n" + diagnostics.joined(separator: "\n") }
}
