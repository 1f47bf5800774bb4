import SchemaLanguage

/// MySQL/MariaDB roles for read-only modules (named only in `access { read: … }` lists): each gets
/// `SELECT` on exactly the tables that list it, and nothing else. Writer modules get no MySQL role
/// (writer separation there is the application's job, see docs/security.md).
///
/// One script serves MySQL 8 and MariaDB, so only syntax both accept is used: `CREATE ROLE IF
/// NOT EXISTS` and table grants in the current database. A service's account is granted the role
/// and must activate it (`SET DEFAULT ROLE` for the account, or `SET ROLE` per session).
enum MySQLReadRoles {
    /// MySQL 8 account names are at most 32 characters (MariaDB allows more).
    static let maxNameLength = 32

    /// `<schema>.<module>`, as on PostgreSQL, shortened with a hash past 32 characters.
    static func roleName(schema: String, module: String) -> String {
        SQLName.limited(schema + "." + module, to: maxNameLength)
    }

    /// Each table that lists read-only modules, with their role names (sorted), in the tables' order.
    static func grants(schema: Schema, tables: [Entity]) -> [(table: Entity, roles: [String])] {
        let readers = WriterRoles.readers(of: tables)
        return tables.compactMap { table in
            let roles = table.access.read.filter(readers.contains).sorted().map { roleName(schema: schema.name, module: $0) }
            return roles.isEmpty ? nil : (table, roles)
        }
    }

    /// The role section of the MySQL script, or nil when no module is read-only.
    static func script(schema: Schema, tables: [Entity]) -> String? {
        let grants = grants(schema: schema, tables: tables)
        guard !grants.isEmpty else { return nil }
        let d = SQLDialect.mysql
        let roles = Set(grants.flatMap(\.roles)).sorted()
        var lines = roles.map { "CREATE ROLE IF NOT EXISTS \(d.quote($0));" }
        lines += grants.map { "GRANT SELECT ON \(d.quote($0.table.physicalName)) TO \($0.roles.map(d.quote).joined(separator: ", "));" }
        return lines.joined(separator: "\n")
    }

    /// The statements taking back every grant `script` made, table by table under the names it
    /// used: MySQL keeps table grants by name, so they are revoked before tables are renamed or
    /// dropped (a grant left on a dropped name would apply to a later table of that name).
    static func revocations(schema: Schema, tables: [Entity]) -> [String] {
        let d = SQLDialect.mysql
        return grants(schema: schema, tables: tables).map {
            "REVOKE SELECT ON \(d.quote($0.table.physicalName)) FROM \($0.roles.map(d.quote).joined(separator: ", "));"
        }
    }
}
