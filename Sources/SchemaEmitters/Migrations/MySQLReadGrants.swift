import SchemaLanguage

/// Read-only role grants on MySQL/MariaDB across a migration. When the old and new grants differ,
/// every old grant is revoked first, under the old table names (MySQL keeps table grants by
/// name, so a rename would leave them behind), and the new version's grants are applied at the
/// end (roles created when missing). Roles themselves are kept: other databases may use them.
struct MySQLReadGrants {
    private let old: [MySQLReadRoles.TableGrant]
    private let new: [MySQLReadRoles.TableGrant]

    /// Works out both versions' grants once.
    init(diff: SchemaDiff) {
        old = MySQLReadRoles.grants(schema: diff.old, tables: diff.old.tables)
        new = MySQLReadRoles.grants(schema: diff.new, tables: diff.new.tables)
    }

    /// Run before anything else changes.
    func revocations() -> [String] {
        old != new ? MySQLReadRoles.revocations(old) : []
    }

    /// Run after every table of the new version exists.
    func grants() -> [String] {
        guard old != new, let script = MySQLReadRoles.script(new) else { return [] }
        return [script]
    }
}
