import SchemaLanguage

/// Writer-role grants on PostgreSQL. Which privileges a role gets on a table depends on every
/// module the schema names (an unrestricted table grants all of them), so when the grants of the
/// new version differ anywhere, every writer role of the old version loses its privileges on the
/// surviving tables and the new version's grants are applied whole (roles created when missing).
struct PostgresGrants {
    let diff: SchemaDiff
    /// Both versions' role sections, rendered once.
    private let oldGrants: String?
    private let newGrants: String?

    init(diff: SchemaDiff) {
        self.diff = diff
        oldGrants = WriterRoles.postgres(schema: diff.old, tables: diff.old.tables)
        newGrants = WriterRoles.postgres(schema: diff.new, tables: diff.new.tables)
    }

    /// Policies the old grants created (the retention role's), dropped before the tables change;
    /// the new grants create them again.
    func policyDrops() -> [String] {
        guard let oldGrants, oldGrants != newGrants else { return [] }
        return TableParts.createdPolicies(in: oldGrants).map { "DROP POLICY IF EXISTS \($0.name) ON \($0.table);" }
    }

    func changes() -> [String] {
        guard oldGrants != newGrants else { return [] }
        let d = SQLDialect.postgres
        let roles = WriterRoles.modules(of: diff.old.tables).map { WriterRoles.roleName(schema: diff.old.name, module: $0, in: .postgres) }
            + (RetentionGrants(schema: diff.old).isNeeded ? [WriterRoles.retentionRoleName(schema: diff.old.name)] : [])
        var statements: [String] = []
        if !roles.isEmpty {
            for (_, table) in diff.tablePairs {
                statements.append("REVOKE ALL ON \(d.quote(table.physicalName)) FROM \(roles.map(d.quote).joined(separator: ", "));")
            }
        }
        if let newGrants { statements.append(newGrants) }
        return statements
    }
}
