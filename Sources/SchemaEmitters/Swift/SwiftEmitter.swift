import SchemaLanguage

/// Emits `Swift/`: models, enums, nested types, validators, record coding, repositories on the
/// embedded store, writer capabilities, a database facade and caches — a library that depends on
/// `SchemaGenRuntime` alone (whose `Records/` holds the code every generated library shares).
///
/// Each file kind has its own emitter under `Files/`, building declarations that
/// ``SwiftPrinter`` prints; a file that would declare nothing is not written.
public struct SwiftEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}

    /// A short name for messages.
    public var name: String { "swift" }

    /// The files for one schema, under `Swift/`.
    public func emit(_ schema: Schema) -> [EmittedFile] {
        let names = SwiftNames(schema)
        let models = ModelFile(names: names)
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
        }
        add(names.types.topicFile("Validation"), ValidationFile(names: names).declarations())
        add(names.types.topicFile("RecordCoding"), RecordCodingFile(names: names).declarations())
        add(names.types.topicFile("StoreLayout"), StoreLayoutFile(names: names).declarations())
        add(names.types.topicFile("Writers"), WritersFile(names: names).declarations())
        add(facade, DatabaseFile(names: names).declarations())
        add(names.types.topicFile("Concurrency"), ConcurrencyFile(names: names).declarations())
        add(names.types.topicFile("Caches"), schema.caches.isEmpty ? [] : CachesFile(names: names).declarations())
        return files.sorted { $0.path < $1.path }
    }
}
