import SchemaLanguage

/// Emits `Swift/`: models, enums, nested types, validators, record coding, repositories on the
/// embedded store, writer capabilities, a database facade and caches — a library that depends on
/// `SchemaGenRuntime` alone (whose `Records/` holds the code every generated library shares).
public struct SwiftEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}

    /// A short name for messages.
    public var name: String { "swift" }

    /// The files for one schema, under `Swift/`.
    public func emit(_ schema: Schema) -> [EmittedFile] {
        let names = SwiftNames(schema)
        let models = SwiftModelEmitter(names: names)
        let coding = SwiftCodingEmitter(names: names)
        let database = SwiftDatabaseEmitter(names: names)
        var files: [EmittedFile] = []
        func add(_ path: String, _ body: [String], imports: [String] = ["Foundation", "SchemaGenRuntime"]) {
            files.append(EmittedFile(path: "Swift/\(path)", contents: SwiftCode.file(schema, imports: imports, body)))
        }
        if !schema.enums.isEmpty { add(names.types.topicFile("Enums"), models.enums()) }
        for type in schema.types {
            add("NestedTypes/\(SwiftNames.declaredType(type.name)).swift", models.nestedType(type))
        }
        for entity in names.entities {
            add("Models/\(entity.typeName).swift", models.model(entity))
            add("Repositories/\(entity.repositoryName).swift", SwiftRepositoryEmitter(names: names, entity: entity).emit())
        }
        add(names.types.topicFile("Validation"), coding.validation())
        add(names.types.topicFile("RecordCoding"), coding.recordCoding())
        add(names.types.topicFile("StoreLayout"), database.storeLayout())
        add(names.types.topicFile("Writers"), database.writers())
        add(names.types.topicFile("Database"), database.database())
        if !schema.caches.isEmpty { add(names.types.topicFile("Caches"), database.caches()) }
        return files.sorted { $0.path < $1.path }
    }
}
