import SchemaLanguage

/// Emits `Swift/`: models, enums, nested types, validators, record coding, repositories on the
/// embedded store, writer capabilities, a database facade and caches — a library that depends on
/// `SchemaGenRuntime` alone (whose `Records/` holds the code every generated library shares).
///
/// Each file kind has its own emitter under `Files/`, building declarations that
/// ``SwiftPrinter`` prints; a file that would declare nothing is not written. The store's
/// versions are an input (the CLI reads them from `schema/migrations`), so the emitter stays a
/// pure function: the same schema and versions always give the same files.
public struct SwiftEmitter: SchemaEmitter {
    /// The schema's versions the embedded store may meet, oldest first, ending with the schema
    /// emitted (``VersionedSchema/chain(snapshots:current:)``); empty for a schema with no history.
    public var versions: [VersionedSchema]

    /// An emitter for a schema whose store versions are `versions` (see ``versions``).
    public init(versions: [VersionedSchema] = []) { self.versions = versions }

    /// Fields renamed by the newest version step (entity or nested type → new name → old name).
    static func renames(in versions: [VersionedSchema]) -> [String: [String: String]] {
        guard versions.count >= 2, let diff = SchemaDiff.compare(versions[versions.count - 2].schema, versions[versions.count - 1].schema).diff
        else { return [:] }
        var renames: [String: [String: String]] = [:]
        for change in diff.changes where change.code == .fieldRenamed || change.code == .nestedFieldRenamed {
            guard let container = change.newName, let old = change.oldMember, let new = change.newMember else { continue }
            renames[container, default: [:]][new] = old
        }
        return renames
    }

    /// The versions ending with `schema`: ``versions``, or `schema` alone when they end elsewhere.
    func versions(of schema: Schema) -> [VersionedSchema] {
        guard let newest = versions.last, newest.schema.name == schema.name else {
            return VersionedSchema.chain(snapshots: [], current: schema)
        }
        return versions
    }

    /// A short name for messages.
    public var name: String { "swift" }

    /// The files for one schema, under `Swift/`.
    public func emit(_ schema: Schema) -> [EmittedFile] {
        let names = SwiftNames(schema)
        let versions = versions(of: schema)
        let models = ModelFile(names: names, renames: Self.renames(in: versions))
        let header = SwiftCode.header(schema)
        var files: [EmittedFile] = []
        // The facade re-exports the runtime its API exposes (StoreOptions, StoreError, PageCursor…),
        // so `import <Schema>Data` is enough; once per library, in the file every library has.
        let facade = names.types.topicFile("Database")
        func add(_ path: String, _ declarations: [SwiftDeclaration]) {
            guard !declarations.isEmpty else { return }
            let text = SwiftPrinter().file(header: header, imports: ["Foundation", "SchemaGenRuntime"],
                                           reexporting: path == facade ? ["SchemaGenRuntime"] : [], declarations)
            files.append(EmittedFile(path: "Swift/\(path)", contents: text))
        }
        add(names.types.topicFile("Enums"), models.enums())
        for type in schema.types {
            add("NestedTypes/\(SwiftNames.declaredType(type.name)).swift", [models.nestedType(type)])
        }
        for entity in names.entities {
            add("Models/\(entity.typeName).swift", [models.model(entity)])
            add("Repositories/\(entity.repositoryName).swift", RepositoryFile(names: names, entity: entity).declarations())
            add(SwiftSchemaNames.queryFieldsFile(entity.typeName), QueryFieldsFile(names: names, entity: entity).declarations())
        }
        add(names.types.topicFile("QueryValues"), QueryFieldsFile.enumConformances(names))
        add(names.types.topicFile("Validation"), ValidationFile(names: names).declarations())
        add(names.types.topicFile("RecordCoding"), RecordCodingFile(names: names).declarations())
        add(names.types.topicFile("StoreLayout"), StoreLayoutFile(names: names).declarations())
        add(names.types.topicFile("Writers"), WritersFile(names: names).declarations())
        add(names.types.topicFile("Readers"), ReadersFile(names: names).declarations())
        add(facade, DatabaseFile(names: names).declarations())
        add(names.types.topicFile("Concurrency"), ConcurrencyFile(names: names).declarations())
        add(names.types.topicFile("Caches"), schema.caches.isEmpty ? [] : CachesFile(names: names).declarations())
        add(names.types.topicFile("RetentionPeriods"), RetentionPeriodsFile(names: names).declarations())
        files += StoreEvolutionEmitter().emit(versions).files
        return files.sorted { $0.path < $1.path }
    }
}
