import Foundation
import PackagePlugin

/// Generates a target's Swift data layer from the `.schema` files among its sources at build time:
/// one `<schema>.swift` per schema, rebuilt only when that schema, one of its recorded migrations,
/// or the `schemagen` tool changes. Migration snapshots (`migrations/<schema>/NNNN_name/schema.schema`)
/// are inputs of their schema, not schemas of their own.
@main
struct SchemaGenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let files = target.sourceFiles.map(\.url)
        return try SchemaBuildCommands.commands(schemaFiles: files, tool: context.tool(named: "schemagen").url,
                                                workDirectory: context.pluginWorkDirectoryURL)
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension SchemaGenPlugin: XcodeBuildToolPlugin {
    func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
        try SchemaBuildCommands.commands(schemaFiles: target.inputFiles.map(\.url),
                                         tool: context.tool(named: "schemagen").url,
                                         workDirectory: context.pluginWorkDirectoryURL)
    }
}
#endif

/// The build commands for a target's files, shared by the SwiftPM and Xcode variants.
enum SchemaBuildCommands {
    static func commands(schemaFiles files: [URL], tool: URL, workDirectory: URL) -> [Command] {
        let schemaFiles = files.filter { $0.pathExtension == "schema" }
        let schemas = schemaFiles.filter { !$0.pathComponents.contains("migrations") }
        return schemas.sorted { $0.path < $1.path }.map { schema in
            let name = schema.deletingPathExtension().lastPathComponent
            let output = workDirectory.appendingPathComponent("\(name).swift")
            let migrations = schemaFiles.filter { isMigration($0, of: name) }
            return .buildCommand(displayName: "schemagen: generating \(name).swift from \(schema.lastPathComponent)",
                                 executable: tool,
                                 arguments: ["emit-swift", "--out", output.path, schema.path],
                                 inputFiles: [schema] + migrations.sorted { $0.path < $1.path },
                                 outputFiles: [output])
        }
    }

    /// `.../migrations/<name>/NNNN_x/schema.schema`.
    private static func isMigration(_ file: URL, of name: String) -> Bool {
        let parts = file.pathComponents
        guard parts.count >= 4 else { return false }
        return parts[parts.count - 4] == "migrations" && parts[parts.count - 3] == name
    }
}
