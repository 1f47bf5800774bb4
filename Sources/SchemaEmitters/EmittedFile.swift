import SchemaLanguage

/// One file an emitter produces: a path relative to the output root and its exact contents.
public struct EmittedFile: Sendable, Hashable {
    /// Path under the output directory, e.g. `discord_bot/sql/postgres.sql`.
    public let path: String
    /// The file's text, always ending with a newline.
    public let contents: String

    /// Creates an emitted file.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents.hasSuffix("\n") ? contents : contents + "\n"
    }
}
