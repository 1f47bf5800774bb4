import SchemaLanguage

/// PostgreSQL row-level security for owner-scoped tables (`access { owner user_id }`): a session
/// sees and writes only the rows of the owner it names in `app.current_owner`. Without that setting
/// it sees nothing and can write nothing. Set it with `SET LOCAL app.current_owner = '42'` inside
/// the transaction: a session-wide `SET` outlives the transaction and leaks to the next user of a
/// pooled connection.
///
/// `FORCE` applies the policy to the table's owner too; only superusers, roles with `BYPASSRLS` and
/// the retention role (its own policy, see ``RetentionGrants``) see every row.
enum RowLevelSecurity {
    /// The setting that names the current owner.
    static let ownerSetting = "app.current_owner"

    /// The statements for one table, empty when it has no owner field.
    static func postgres(_ entity: Entity) -> [String] {
        guard let ownerName = entity.access.owner, let owner = entity.field(named: ownerName) else { return [] }
        let d = SQLDialect.postgres
        let table = d.quote(entity.physicalName)
        let type = SQLColumnType.declaration(of: owner.type, in: .postgres)
        // missing_ok and NULLIF: an unset or reset setting yields NULL, which matches no row.
        let predicate = "\(d.quote(owner.physicalName)) = NULLIF(current_setting(\(d.string(ownerSetting)), true), '')::\(type)"
        return [
            "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;",
            "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY;",
            "CREATE POLICY \(d.quote(SQLName.make(entity.physicalName, "owner"))) ON \(table)\n"
                + "  USING (\(predicate))\n  WITH CHECK (\(predicate));",
        ]
    }
}
