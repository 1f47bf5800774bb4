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

    /// The seed's versions as `schemagen build` reads them: the snapshots of
    /// `schema/migrations/<name>/NNNN_*/schema.schema` with their checksums, then the schema unless it equals the newest.
    static func versions(_ name: String) throws -> [VersionedSchema] {
        let folder = packageRoot.appendingPathComponent("schema/migrations/\(name)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.first?.isNumber == true }.sorted()
        let texts = try names.map { try String(contentsOf: folder.appendingPathComponent("\($0)/schema.schema"), encoding: .utf8) }
        let snapshots = try zip(names, texts).map { (folder: $0, schema: try compile($1, path: "schema/\(name).schema")) }
        return VersionedSchema.chain(snapshots: snapshots, current: try load(name),
                                     checksums: texts.map(MigrationRecord.checksum(ofSchemaText:)))
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
