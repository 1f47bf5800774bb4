import SchemaLanguage

/// Emits the swift output of a schema. (Being written: emits nothing yet.)
public struct SwiftEmitter: SchemaEmitter {
    /// Creates the emitter.
    public init() {}
    /// A short name for messages.
    public var name: String { "swift" }
    /// The files for one schema.
    public func emit(_ schema: Schema) -> [EmittedFile] { [] }
}
