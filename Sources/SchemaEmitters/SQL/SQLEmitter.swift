import SchemaLanguage

/// Emits the sql output of a schema. (Being written: emits nothing yet.)
public struct SQLEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}
    /// A short name for messages.
    public var name: String { "sql" }
    /// The files for one schema.
    public func emit(_ schema: Schema) -> [EmittedFile] { [] }
}
