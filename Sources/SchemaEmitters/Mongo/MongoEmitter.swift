import SchemaLanguage

/// Emits the MongoDB setup of a schema that targets `mongo`:
///
/// - `mongo/setup.js`: collections with `$jsonSchema` validators and indexes (``MongoSetupScript``);
/// - `mongo/retention.js`: the retention jobs TTL indexes cannot express (``MongoRetentionScript``).
///
/// Schemas without the `mongo` target get no files.
public struct MongoEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}

    /// A short name for messages.
    public var name: String { "mongo" }

    /// The two scripts, or nothing when the schema does not target MongoDB.
    public func emit(_ schema: Schema) -> [EmittedFile] {
        guard schema.targets(.mongo) else { return [] }
        return [
            EmittedFile(path: "mongo/setup.js", contents: MongoSetupScript(schema: schema).render()),
            EmittedFile(path: "mongo/retention.js", contents: MongoRetentionScript(schema: schema).render()),
        ]
    }
}
