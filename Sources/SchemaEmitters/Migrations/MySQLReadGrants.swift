import SchemaLanguage

/// Read-only role grants on MySQL/MariaDB across a migration. When the old and new grants differ,
/// every old grant is revoked first, under the old table names (MySQL keeps table grants by
/// name, so a rename would leave them behind), and the new version's grants are applied at the
/// end (roles created when missing). Roles themselves are kept: other databases may use them.
struct MySQLReadGrants {
    let diff: SchemaDiff

    private var changed: Bool {
        MySQLReadRoles.script(schema: diff.old, tables: diff.old.tables)
            != MySQLReadRoles.script(schema: diff.new, tables: diff.new.tables)
    }

    /// Run before anything else changes.
    func revocations() -> [String] {
        changed ? MySQLReadRoles.revocations(schema: diff.old, tables: diff.old.tables) : []
    }

    /// Run after every table of the new version exists.
    func grants() -> [String] {
        guard changed, let script = MySQLReadRoles.script(schema: diff.new, tables: diff.new.tables) else { return [] }
        return [script]
    }
}
