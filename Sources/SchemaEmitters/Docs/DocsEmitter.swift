import SchemaLanguage

/// Emits `docs/<schema>.md` for every schema: a data dictionary a reviewer reads instead of the
/// generated SQL or scripts (see ``DataDictionary``).
public struct DocsEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}

    /// A short name for messages.
    public var name: String { "docs" }

    /// The data dictionary.
    public func emit(_ schema: Schema) -> [EmittedFile] {
        [EmittedFile(path: "docs/\(schema.name).md", contents: DataDictionary(schema: schema).render())]
    }
}
