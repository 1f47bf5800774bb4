import SchemaLanguage

/// One output target. An emitter is a pure function of the checked model: the same schema
/// always yields the same files, byte for byte, so `generated/` can be checked in and diffed.
public protocol SchemaEmitter: Sendable {
    /// A short name for messages (`sql`, `mongo`, `docs`, `swift`).
    var name: String { get }
    /// The files for one schema, with paths relative to `generated/<schema>/`.
    func emit(_ schema: Schema) -> [EmittedFile]
}

/// Every emitter `schemagen build` runs, in output order.
public enum EmitterRegistry {
    /// The emitters, each deciding from the schema's targets whether it has anything to write.
    public static let all: [any SchemaEmitter] = [SQLEmitter(), MongoEmitter(), DocsEmitter(), SwiftEmitter(), SwiftPostgresEmitter()]

    /// All files for a schema whose store versions are `versions` (see ``SwiftEmitter/versions``),
    /// paths prefixed with the schema's name.
    public static func files(for schema: Schema, versions: [VersionedSchema] = []) -> [EmittedFile] {
        let emitters: [any SchemaEmitter] = [SQLEmitter(versions: versions), MongoEmitter(), DocsEmitter(), SwiftEmitter(versions: versions),
                                          SwiftPostgresEmitter(versions: versions)]
        return emitters.flatMap { emitter in
            emitter.emit(schema).map { EmittedFile(path: "\(schema.name)/\($0.path)", contents: $0.contents) }
        }
    }
}
