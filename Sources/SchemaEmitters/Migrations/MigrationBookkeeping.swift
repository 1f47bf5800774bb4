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

    /// Forgets a migration (its down ran).
    static func forget(schema: String, version: Int, in dialect: SQLDialect) -> String {
        let q = dialect.quote
        return "DELETE FROM \(q(tableName)) WHERE \(q("schema_name")) = \(dialect.string(schema)) AND \(q("version")) = \(version);"
    }
}
