import SchemaLanguage

/// Emits the docs output of a schema. (Being written: emits nothing yet.)
public struct DocsEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}
    /// A short name for messages.
    public var name: String { "docs" }
    /// The files for one schema.
    public func emit(_ schema: Schema) -> [EmittedFile] { [] }
}
