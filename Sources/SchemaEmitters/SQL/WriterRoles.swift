import SchemaLanguage

/// PostgreSQL roles for the modules the access rules name, with exactly the privileges the
/// schema gives each: `SELECT` on every table, `INSERT`/`UPDATE`/`DELETE` where the rules list the
/// module (everywhere on tables without writer lists, never `UPDATE`/`DELETE` on append-only
/// tables), and `USAGE` on identity sequences of tables it inserts into.
///
/// The roles are `NOLOGIN` groups: a service logs in as its own user, made a member of the role.
enum WriterRoles {
    /// `<schema>_<module>` with dots as underscores: `discord_bot_moderation_pardon`.
    static func roleName(schema: String, module: String) -> String {
        SQLName.limited(schema + "_" + module.replacingOccurrences(of: ".", with: "_"))
    }

    /// Every module any table's access rules name, sorted.
    static func modules(of tables: [Entity]) -> [String] {
        Array(Set(tables.flatMap(\.access.modules))).sorted()
    }

    /// Whether a module may perform an operation on a table.
    static func allows(_ module: String, _ operation: WriteOperation, on entity: Entity) -> Bool {
        if entity.isAppendOnly && operation != .insert { return false }
        return entity.access.modules(allowedTo: operation)?.contains(module) ?? true
    }

    /// The role section of the PostgreSQL script, or nil when no module is named.
    static func postgres(schema: Schema, tables: [Entity]) -> String? {
        let modules = modules(of: tables)
        guard !modules.isEmpty else { return nil }
        let d = SQLDialect.postgres
        let roles = Dictionary(uniqueKeysWithValues: modules.map { ($0, roleName(schema: schema.name, module: $0)) })
        var blocks: [String] = []
        // CREATE ROLE has no IF NOT EXISTS, and roles outlive databases: create only missing ones,
        // so the script runs again on a fresh database of the same cluster.
        let names = modules.map { d.string(roles[$0]!) }.joined(separator: ", ")
        blocks.append("DO " + SQLDialect.dollarQuoted("""

            DECLARE
              role_name text;
            BEGIN
              FOREACH role_name IN ARRAY ARRAY[\(names)] LOOP
                IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
                  EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
                END IF;
              END LOOP;
            END

            """) + ";")

        for table in tables {
            // Group the roles by the privileges they get on this table, in a fixed order.
            var groups: [(privileges: [String], roles: [String])] = []
            for module in modules {
                let privileges = ["SELECT"] + WriteOperation.allCases.filter { allows(module, $0, on: table) }
                    .map { $0.rawValue.uppercased() }
                if let index = groups.firstIndex(where: { $0.privileges == privileges }) {
                    groups[index].roles.append(roles[module]!)
                } else {
                    groups.append((privileges, [roles[module]!]))
                }
            }
            var lines = groups.map { group in
                "GRANT \(group.privileges.joined(separator: ", ")) ON \(d.quote(table.physicalName)) TO "
                    + group.roles.map(d.quote).joined(separator: ", ") + ";"
            }
            let inserters = modules.filter { allows($0, .insert, on: table) }.map { roles[$0]! }
            if let identity = table.autoField, identity.type.isInteger, !inserters.isEmpty {
                lines.append(sequenceGrant(table: table, column: identity, roles: inserters))
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// The identity column's sequence has a generated name, so it is looked up when the script runs.
    private static func sequenceGrant(table: Entity, column: Field, roles: [String]) -> String {
        let d = SQLDialect.postgres
        let placeholders = roles.map { _ in "%I" }.joined(separator: ", ")
        let arguments = roles.map(d.string).joined(separator: ", ")
        return "DO " + SQLDialect.dollarQuoted("""

            BEGIN
              EXECUTE format('GRANT USAGE ON SEQUENCE %s TO \(placeholders)',
                pg_get_serial_sequence(\(d.string(d.quote(table.physicalName))), \(d.string(column.physicalName))), \(arguments));
            END

            """) + ";"
    }
}
