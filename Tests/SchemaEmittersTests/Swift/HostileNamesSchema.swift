import Foundation
import SchemaLanguage

/// The hostile-names corpus: entities and fields named after runtime types, generated facade
/// types, Swift keywords and standard-library types, acronyms, and namespaced collections whose
/// Swift names collide with plain ones. `schemagen check` accepts it, so its Swift must compile.
enum HostileNamesSchema {
    /// The corpus's path in the package.
    static let path = "Tests/Fixtures/hostile_names/names.schema"

    /// Where `schemagen build --out Tests/Fixtures/hostile_names` writes its output; its `Swift/`
    /// is the `NamesData` package target.
    static let outputFolder = "Tests/Fixtures/hostile_names/names"

    /// Runtime types no table name converts to (model names are singular, and `POSIX` is no
    /// initialism the naming authority keeps upper-case): they cannot collide, so need no table.
    static let runtimeTypesSpelledOtherwise = ["POSIXFileSystem", "RecordOperations", "StoreOptions"]

    /// The corpus compiled.
    static func schema() throws -> Schema {
        let text = try String(contentsOf: SeedSchemas.packageRoot.appendingPathComponent(path), encoding: .utf8)
        return try SeedSchemas.compile(text, path: path)
    }
}
