import SchemaLanguage

/// Emits `SwiftPostgres/`: for a schema that targets PostgreSQL, the database facade that runs
/// the generated repositories on it (``PostgresDatabaseFile``). A library of its own, depending on
/// the generated `Swift/` library and `SchemaGenPostgresAccess`; the build-tool plugin, which
/// compiles `Swift/` into the user's target, leaves it out.
public struct SwiftPostgresEmitter: SchemaEmitter {
    /// An emitter.
    public init() {}

    /// A short name for messages.
    public var name: String { "swift-postgres" }

    /// The files for one schema, under `SwiftPostgres/` (none unless it targets PostgreSQL).
    public func emit(_ schema: Schema) -> [EmittedFile] {
        guard schema.targets(.postgres) else { return [] }
        let names = SwiftNames(schema)
        let types = names.types
        let text = SwiftPrinter().file(header: SwiftCode.header(schema),
                                       imports: ["Foundation", types.dataModule, "SchemaGenPostgresAccess"],
                                       reexporting: [types.dataModule, "SchemaGenPostgresAccess"],
                                       PostgresDatabaseFile(names: names).declarations())
        return [EmittedFile(path: "SwiftPostgres/\(types.prefix)+Postgres.swift", contents: text)]
    }
}
