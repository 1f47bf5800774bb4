import Foundation
import SchemaEmitters
import SchemaLanguage

/// The schema files a command works on, compiled with every target's checks, with their
/// diagnostics printed.
struct SchemaInputs {
    struct Input {
        let path: String
        let text: String
        let schema: Schema?
        let syntax: SchemaFileSyntax
        let diagnostics: [Diagnostic]
        /// Targets checked as if the header listed them (`build --also-target`); its migration
        /// snapshots get them too, so adding a target is no store version.
        var addedTargets: [Target] = []
    }

    let inputs: [Input]

    /// Reads and compiles the files (default: `schema/*.schema`), each as if its header also listed
    /// `addedTargets`; nil on a usage problem.
    static func load(_ files: [String], addingTargets addedTargets: [Target] = [], console: Console) -> SchemaInputs? {
        var paths = files
        if paths.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "schema")) ?? []
            paths = names.filter { $0.hasSuffix(".schema") }.sorted().map { "schema/\($0)" }
            if paths.isEmpty {
                console.error("error: no schema files given and none found in schema/\nhint: pass files: schemagen check my.schema")
                return nil
            }
        }
        var inputs: [Input] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                console.error("error: cannot read '\(path)'\nhint: check the path")
                return nil
            }
            let text = String(decoding: data, as: UTF8.self)
            let result = TargetChecks.compile(path: path, text: text, addingTargets: addedTargets)
            inputs.append(Input(path: path, text: text, schema: result.schema, syntax: result.syntax,
                                diagnostics: result.diagnostics, addedTargets: addedTargets))
        }
        return SchemaInputs(inputs: inputs)
    }

    /// Prints every diagnostic and a summary; returns whether there were errors.
    func report(to console: Console) -> Bool {
        var errors = 0, warnings = 0
        for input in inputs {
            for diagnostic in input.diagnostics {
                console.error(diagnostic.rendered(colored: console.colored))
                if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
        var duplicates: [String: String] = [:]
        for input in inputs {
            guard let schema = input.schema else { continue }
            if let other = duplicates[schema.name] {
                console.error("\(input.path):1:1: error: schema '\(schema.name)' is also defined in \(other)\n  hint: give each schema its own name")
                errors += 1
            }
            duplicates[schema.name] = input.path
        }
        if errors + warnings > 0 {
            console.error("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        return errors > 0
    }

    /// The store versions of an input, checked to diff version to version, for ``SwiftEmitter/versions``
    /// (the `Swift/<Schema>+StoreEvolution.swift` file and deprecated aliases of renames).
    /// Nil (errors printed) when the migrations do not diff version to version.
    static func storeVersions(of input: Input, console: Console) -> [VersionedSchema]? {
        guard let schema = input.schema, let versions = versions(of: input, console: console) else { return nil }
        let evolution = StoreEvolutionEmitter().emit(versions)
        for diagnostic in evolution.diagnostics { console.error(diagnostic.rendered(colored: console.colored)) }
        if evolution.diagnostics.contains(where: { $0.severity == .error }) {
            console.error("error: the migrations of \(schema.name) do not diff version to version\n"
                          + "hint: fix the 'was' hints the errors name, or the newest migration")
            return nil
        }
        return versions
    }

    /// The versions of an input's schema the embedded store may meet: the snapshots in
    /// `<schema folder>/migrations/<schema>/NNNN_name/schema.schema`, oldest first, compiled like
    /// the schema, then the schema itself unless it equals the newest. Nil (errors printed) when
    /// the folder cannot be read or a snapshot does not compile.
    static func versions(of input: Input, console: Console) -> [VersionedSchema]? {
        guard let schema = input.schema else { return nil }
        let folder = URL(fileURLWithPath: input.path).deletingLastPathComponent()
            .appendingPathComponent("migrations").appendingPathComponent(schema.name)
        let ledger: MigrationLedger
        do { ledger = try MigrationsFolder(url: folder).ledger() } catch {
            console.error("error: \(error)")
            return nil
        }
        var snapshots: [(folder: String, schema: Schema)] = []
        var checksums: [String] = []
        for entry in ledger.entries {
            guard let text = entry.files["schema.schema"] else { continue }
            let compiled = SchemaCompiler.compile(path: schema.sourcePath, text: text, addingTargets: input.addedTargets)
            guard let snapshot = compiled.schema else {
                for diagnostic in compiled.diagnostics where diagnostic.severity == .error {
                    console.error("\(folder.path)/\(entry.name)/schema.schema: \(diagnostic.rendered(colored: false))")
                }
                return nil
            }
            snapshots.append((entry.name, snapshot))
            checksums.append(MigrationRecord.checksum(ofSchemaText: text))
        }
        return VersionedSchema.chain(snapshots: snapshots, current: schema, checksums: checksums)
    }
}
