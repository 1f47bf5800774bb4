import SchemaLanguage

/// PostgreSQL roles for the modules the access rules name, with exactly the privileges the
/// schema gives each: `SELECT` on every table, `INSERT`/`UPDATE`/`DELETE` where the rules list the
/// module (everywhere on tables without writer lists, never `UPDATE`/`DELETE` on append-only
/// tables), and `USAGE` on identity sequences of tables it inserts into. A schema with retention
/// jobs also gets the role the jobs run as (see ``RetentionGrants``).
///
/// The roles are `NOLOGIN` groups: a service logs in as its own user, made a member of the role.
enum WriterRoles {
    /// `<schema>.<module>`: `discord_bot.moderation.pardon`, on PostgreSQL and MySQL/MariaDB alike.
    /// Schema names have no dots, so two (schema, module) pairs never share a role; the checker
    /// rejects modules that differ only in `.` and `_` or case, which would read alike. Shortened
    /// with a hash past the dialect's limit (MySQL 8 account names: 32 characters).
    static func roleName(schema: String, module: String, in dialect: SQLDialect) -> String {
        SQLName.limited(schema + "." + module, to: dialect == .mysql ? MySQLReadRoles.maxNameLength : SQLName.maxLength)
    }

    /// `<schema>:retention`: a colon appears in no module name, so no writer role can be it.
    static func retentionRoleName(schema: String) -> String {
        SQLName.limited(schema + ":retention")
    }

    /// The comment that marks a role as created by this schema's script; a role of the name
    /// without it is refused rather than handed the grants.
    static func marker(schema: String) -> String {
        "schemagen role of schema \(schema)"
    }

    /// Every module any table's access rules name (writers and readers), sorted.
    static func modules(of tables: [Entity]) -> [String] {
        Array(Set(tables.flatMap { $0.access.modules + $0.access.read })).sorted()
    }

    /// Whether a module may perform an operation on a table.
    static func allows(_ module: String, _ operation: WriteOperation, on entity: Entity) -> Bool {
        if entity.isAppendOnly && operation != .insert { return false }
        return entity.access.modules(allowedTo: operation)?.contains(module) ?? true
    }

    /// The role section of the PostgreSQL script, or nil when no role is needed.
    static func postgres(schema: Schema, tables: [Entity]) -> String? {
        let modules = modules(of: tables)
        let retention = RetentionGrants(schema: schema)
        guard !modules.isEmpty || retention.isNeeded else { return nil }
        let d = SQLDialect.postgres
        let roles = Dictionary(uniqueKeysWithValues: modules.map { ($0, roleName(schema: schema.name, module: $0, in: .postgres)) })
        let allRoles = modules.map { roles[$0]! } + (retention.isNeeded ? [retentionRoleName(schema: schema.name)] : [])
        var blocks = [createRoles(allRoles, schema: schema.name)]
        // Read-only modules get `SELECT` on the tables that list them, and nothing else (not even
        // on tables without writer lists).
        let readers = Set(AccessRules.readOnlyModules(of: tables))

        for table in tables where !modules.isEmpty {
            // Group the roles by the privileges they get on this table, in a fixed order.
            var groups: [(privileges: [String], roles: [String])] = []
            for module in modules {
                let privileges: [String]
                if readers.contains(module) {
                    guard table.access.read.contains(module) else { continue }
                    privileges = ["SELECT"]
                } else {
                    privileges = ["SELECT"] + WriteOperation.allCases.filter { allows(module, $0, on: table) }
                        .map { $0.rawValue.uppercased() }
                }
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
            let inserters = modules.filter { !readers.contains($0) && allows($0, .insert, on: table) }.map { roles[$0]! }
            if let identity = table.autoField, identity.type.isInteger, !inserters.isEmpty {
                lines.append(sequenceGrant(table: table, column: identity, roles: inserters))
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        if let grants = retention.statements() { blocks.append(grants) }
        blocks.append(connectGrant(allRoles))
        return blocks.joined(separator: "\n\n")
    }

    /// CREATE ROLE has no IF NOT EXISTS, and roles outlive databases: create missing roles and mark
    /// them, reuse roles that carry this schema's mark, and refuse any other role of the name (a
    /// role someone else made, perhaps with LOGIN, must not receive the schema's grants).
    /// To adopt a role on purpose: `COMMENT ON ROLE "<name>" IS '<marker>'`.
    private static func createRoles(_ names: [String], schema: String) -> String {
        let d = SQLDialect.postgres
        return "DO " + SQLDialect.dollarQuoted("""

            DECLARE
              role_name text;
              marker constant text := \(d.string(marker(schema: schema)));
              existing pg_catalog.pg_roles%ROWTYPE;
            BEGIN
              FOREACH role_name IN ARRAY ARRAY[\(names.map(d.string).joined(separator: ", "))] LOOP
                SELECT * INTO existing FROM pg_catalog.pg_roles WHERE rolname = role_name;
                IF NOT FOUND THEN
                  EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
                  EXECUTE format('COMMENT ON ROLE %I IS %L', role_name, marker);
                ELSIF pg_catalog.shobj_description(existing.oid, 'pg_authid') IS DISTINCT FROM marker
                    OR existing.rolcanlogin OR existing.rolsuper OR existing.rolcreaterole OR existing.rolcreatedb
                    OR existing.rolreplication OR existing.rolbypassrls THEN
                  RAISE EXCEPTION 'role % exists but is not a role this schema created', role_name
                    USING HINT = format('drop it, or adopt it as a NOLOGIN role with COMMENT ON ROLE %I IS %L', role_name, marker);
                END IF;
              END LOOP;
            END

            """) + ";"
    }

    /// The script takes CONNECT and TEMPORARY on the database from PUBLIC (and CREATE on schema
    /// public, PostgreSQL 15's default) and gives CONNECT to its roles, so only their members and
    /// the owner get in.
    private static func connectGrant(_ roles: [String]) -> String {
        let d = SQLDialect.postgres
        let placeholders = roles.map { _ in "%I" }.joined(separator: ", ")
        return "DO " + SQLDialect.dollarQuoted("""

            BEGIN
              EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
              EXECUTE format('GRANT CONNECT ON DATABASE %I TO \(placeholders)', current_database(), \(roles.map(d.string).joined(separator: ", ")));
            END

            """) + ";"
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
