import SchemaLanguage

/// The table every SQL database of a schema keeps its applied migrations in, and the statements
/// that maintain it. Part of every generated DDL file, so a fresh database starts at the version
/// it was created with.
public enum MigrationBookkeeping {
    /// The table's name; the checker reserves it.
    public static let tableName = Checker.migrationsTable

    /// `CREATE TABLE IF NOT EXISTS schemagen_migrations (schema_name, version, name, checksum,
    /// applied_at)`: one table per database, shared by every schema applied to it.
    public static func createTable(in dialect: SQLDialect) -> String {
        let timestamp = dialect == .mysql ? "DATETIME(6)" : dialect == .postgres ? "timestamptz" : "TEXT"
        let text = dialect == .mysql ? "VARCHAR(255)" : "TEXT"
        let options = dialect == .mysql ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : ""
        let q = dialect.quote
        return """
            -- Applied migrations (schemagen migrate): per schema, the version, its folder, the SHA-256 of its schema, when.
            CREATE TABLE IF NOT EXISTS \(q(tableName)) (
              \(q("schema_name")) \(text) NOT NULL,
              \(q("version")) INTEGER NOT NULL,
              \(q("name")) \(text) NOT NULL,
              \(q("checksum")) CHAR(64) NOT NULL,
              \(q("applied_at")) \(timestamp) NOT NULL DEFAULT \(dialect.currentTimestamp),
              PRIMARY KEY (\(q("schema_name")), \(q("version")))
            )\(options);
            """
    }

    /// Records a migration as applied.
    static func record(schema: String, version: Int, name: String, checksum: String, in dialect: SQLDialect) -> String {
        let q = dialect.quote
        return "INSERT INTO \(q(tableName)) (\(q("schema_name")), \(q("version")), \(q("name")), \(q("checksum"))) "
            + "VALUES (\(dialect.string(schema)), \(version), \(dialect.string(name)), \(dialect.string(checksum)));"
    }

    /// The rows a database created from the whole DDL of `versions`' newest version starts with: every
    /// migration up to it, as if each had run, so `migrate` and the PostgreSQL backend see it current.
    /// Only a comment saying why when the newest version is not a migration yet; nil without migrations.
    static func createdAt(_ versions: [VersionedSchema], schema: String, in dialect: SQLDialect) -> String? {
        // A schema without migrations (none made yet, or none supplied) records and says nothing.
        let records = versions.compactMap(\.migration)
        guard let newest = versions.last, !records.isEmpty else { return nil }
        guard let current = newest.migration, records.count == versions.count else {
            return SQLDialect.comment("No migration holds this version of the schema yet (schemagen migrate new <name>): "
                                      + "nothing is recorded as applied.")
        }
        return ([SQLDialect.comment("Created as of migration \(current.folder): "
                                    + "it and every earlier one are recorded as applied.")]
                + records.map { record(schema: schema, version: $0.version, name: $0.folder, checksum: $0.checksum, in: dialect) })
            .joined(separator: "\n")
    }

    /// Forgets a migration (its down ran).
    static func forget(schema: String, version: Int, in dialect: SQLDialect) -> String {
        let q = dialect.quote
        return "DELETE FROM \(q(tableName)) WHERE \(q("schema_name")) = \(dialect.string(schema)) AND \(q("version")) = \(version);"
    }
}

/// One applied migration as `schemagen_migrations` records it.
public struct MigrationRecord: Sendable, Hashable {
    /// The version (the folder's number).
    public var version: Int
    /// The folder name, e.g. `0002_add_bio`.
    public var folder: String
    /// The SHA-256 (hex) of the version's normalised `schema.schema`.
    public var checksum: String

    /// A record; see the properties.
    public init(version: Int, folder: String, checksum: String) {
        self.version = version
        self.folder = folder
        self.checksum = checksum
    }

    /// The checksum a migration's up scripts record for a `schema.schema` of this text.
    public static func checksum(ofSchemaText text: String) -> String { SHA256.hex(MigrationLedger.normalised(text)) }
}
