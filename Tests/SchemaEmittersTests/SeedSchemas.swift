import Foundation
import SchemaEmitters
import SchemaLanguage

/// The seed schemas and inline test schemas every emitter test compiles, in one place.
enum SeedSchemas {
    /// The package root (the folder holding `Package.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The seed schemas' names, in a fixed order.
    static let names = ["discord_bot", "gryag_bot", "mozaiks_core", "setai_bot", "syncara_bot"]

    /// A seed schema compiled from `schema/<name>.schema`, with its path relative to the root.
    static func load(_ name: String) throws -> Schema {
        let path = "schema/\(name).schema"
        let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
        return try compile(text, path: path)
    }

    /// Compiles schema text, throwing the diagnostics when it does not check.
    static func compile(_ text: String, path: String = "inline.schema") throws -> Schema {
        let result = TargetChecks.compile(path: path, text: text)
        guard let schema = result.schema else {
            throw SchemaDidNotCompile(diagnostics: result.diagnostics.map { "\($0)" })
        }
        return schema
    }
}

/// A test schema that has errors.
struct SchemaDidNotCompile: Error, CustomStringConvertible {
    var diagnostics: [String]
    var description: String { "schema did not compile:\n" + diagnostics.joined(separator: "\n") }
}
