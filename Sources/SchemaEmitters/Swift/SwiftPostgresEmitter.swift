import SchemaLanguage

/// Emits `SwiftPostgres/`: for a schema that targets PostgreSQL, the database facade that runs
/// the generated repositories on it (``PostgresDatabaseFile``). A library of its own, depending on
/// the generated `Swift/` library and `SchemaGenPostgresAccess`; the build-tool plugin, which
/// compiles `Swift/` into the user's target, leaves it out.
public struct SwiftPostgresEmitter: SchemaEmitter {
    /// The schema's versions (see ``SwiftEmitter/versions``): their migrations are the ones
    /// `connect` requires the database to have applied.
    public var versions: [VersionedSchema]

    /// An emitter for a schema whose versions are `versions`.
    public init(versions: [VersionedSchema] = []) { self.versions = versions }

    /// A short name for messages.
    public var name: String { "swift-postgres" }

    /// The files for one schema, under `SwiftPostgres/` (none unless it targets PostgreSQL).
    public func emit(_ schema: Schema) -> [EmittedFile] {
        guard schema.targets(.postgres) else { return [] }
        let names = SwiftNames(schema)
        let types = names.types
        let migrations = SwiftEmitter(versions: versions).versions(of: schema).compactMap(\.migration)
        let text = SwiftPrinter().file(header: SwiftCode.header(schema),
                                       imports: ["Foundation", types.dataModule, "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                                       reexporting: [types.dataModule, "SchemaGenPostgres", "SchemaGenPostgresAccess"],
                                       PostgresDatabaseFile(names: names, migrations: migrations).declarations())
        return [EmittedFile(path: "SwiftPostgres/\(types.prefix)+Postgres.swift", contents: text)]
    }
}
