/// One migration a build of the code expects its database to have, as `schemagen migrate new`
/// wrote it to `schema/migrations/<schema>/<name>/`.
public struct PostgresMigration: Sendable, Hashable {
    /// The version (the folder's number: `0002_add_bio` is 2).
    public var version: Int
    /// The folder name, e.g. `0002_add_bio`.
    public var name: String
    /// The SHA-256 (hex) its up script records in `schemagen_migrations.checksum`: the hash of the
    /// version's normalised `schema.schema`.
    public var checksum: String
    /// The folder's `postgres.up.sql`, to apply the migration; nil if this build cannot apply it.
    public var upScript: String?

    /// Creates a migration description.
    public init(version: Int, name: String, checksum: String, upScript: String? = nil) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.upScript = upScript
    }
}

/// A migration recorded as applied in `schemagen_migrations`.
public struct AppliedMigration: Sendable, Hashable {
    /// The recorded version.
    public var version: Int
    /// The recorded folder name.
    public var name: String
    /// The recorded checksum.
    public var checksum: String
}
