import SchemaLanguage

/// MySQL/MariaDB roles for read-only modules (named only in `access { read: … }` lists): each gets
/// `SELECT` on exactly the tables that list it, and nothing else. Writer modules get no MySQL role
/// (writer separation there is the application's job, see docs/security.md).
///
/// One script serves MySQL 8 and MariaDB, so only syntax both accept is used: `CREATE ROLE IF
/// NOT EXISTS` and table grants in the current database. Neither engine lets the script tell a
/// role it made from an account or role someone else made under the same name, so an existing
/// one is adopted and receives the grants; the script says so in a comment above the statements.
/// A service's account is granted the role and must activate it (`SET DEFAULT ROLE` for the
/// account, or `SET ROLE` per session).
enum MySQLReadRoles {
    /// MySQL 8 account names are at most 32 characters (MariaDB allows more).
    static let maxNameLength = 32

    /// `SELECT` on one table for the read-only modules that list it.
    struct TableGrant: Hashable {
        /// The table's physical name.
        var table: String
        /// The modules' role names, sorted.
        var roles: [String]
    }

    /// Each table that lists read-only modules, with their role names, in the tables' order.
    static func grants(schema: Schema, tables: [Entity]) -> [TableGrant] {
        let readers = Set(AccessRules.readOnlyModules(of: tables))
        return tables.compactMap { table in
            let roles = table.access.read.filter(readers.contains).sorted()
                .map { WriterRoles.roleName(schema: schema.name, module: $0, in: .mysql) }
            return roles.isEmpty ? nil : TableGrant(table: table.physicalName, roles: roles)
        }
    }

    /// The role section of the MySQL script, or nil when no module is read-only.
    static func script(schema: Schema, tables: [Entity]) -> String? {
        script(grants(schema: schema, tables: tables))
    }

    /// The statements creating the roles and granting `grants`, or nil when there are none.
    static func script(_ grants: [TableGrant]) -> String? {
        guard !grants.isEmpty else { return nil }
        let d = SQLDialect.mysql
        let roles = Set(grants.flatMap(\.roles)).sorted()
        var lines = [
            SQLDialect.comment("CREATE ROLE IF NOT EXISTS adopts an existing account or role of the same name, which then "
                               + "receives these grants: give no other account or role the name "
                               + roles.joined(separator: ", ") + "."),
        ]
        lines += roles.map { "CREATE ROLE IF NOT EXISTS \(d.quote($0));" }
        lines += grants.map { "GRANT SELECT ON \(d.quote($0.table)) TO \($0.roles.map(d.quote).joined(separator: ", "));" }
        return lines.joined(separator: "\n")
    }

    /// The statements taking back `grants`, table by table under the names they used: MySQL keeps
    /// table grants by name, so they are revoked before tables are renamed or dropped (a grant
    /// left on a dropped name would apply to a later table of that name).
    static func revocations(_ grants: [TableGrant]) -> [String] {
        let d = SQLDialect.mysql
        return grants.map { "REVOKE SELECT ON \(d.quote($0.table)) FROM \($0.roles.map(d.quote).joined(separator: ", "));" }
    }
}
