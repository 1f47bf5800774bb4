import SchemaLanguage

/// Emits the mongo output of a schema. (Being written: emits nothing yet.)
public struct MongoEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}
    /// A short name for messages.
    public var name: String { "mongo" }
    /// The files for one schema.
    public func emit(_ schema: Schema) -> [EmittedFile] { [] }
}
