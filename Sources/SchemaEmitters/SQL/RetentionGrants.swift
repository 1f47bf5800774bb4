import SchemaLanguage

/// The PostgreSQL role the retention script runs as (`SET LOCAL ROLE`), with exactly what its jobs
/// need: `SELECT` and `DELETE` where rows are removed, `UPDATE` of the deactivated column only,
/// `INSERT` into archives, `INSERT` and `UPDATE` of the accumulating columns on roll-up summaries, `UPDATE` of a roll-up's time column (to lock the due rows), `SELECT` on tables whose `restrict` references keep rows. Owner-scoped tables force row-level security on everyone but
/// superusers, so each one the jobs touch gets a policy letting this role reach every row;
/// without it a job run by anyone else would silently find nothing. The application's sweep runs
/// an owner-scoped table's `handled delete` rules as this role too (no job, but the same reach),
/// so those tables get `SELECT`, `DELETE` and the policy as well.
struct RetentionGrants {
    let schema: Schema

    private struct Needs {
        var privileges: Set<String> = ["SELECT"]
        var updatedColumns: Set<String> = []
    }

    /// Whether the role exists: some table has a rule that needs a job, or an owner-scoped table
    /// has a `handled delete` rule (which the application's sweep runs as this role).
    var isNeeded: Bool { schema.tables.contains { table in table.retention.contains { Self.runsAsRole($0, of: table) } } }

    /// Whether `rule` of `table` runs as the retention role: a database job, or a `handled delete`
    /// of an owner-scoped table (row-level security hides its rows from a role naming no owner).
    private static func runsAsRole(_ rule: RetentionRule, of table: Entity) -> Bool {
        rule.isDatabaseJob || (rule.isHandled && table.access.owner != nil)
    }

    /// The grants and policies, or nil when no rule needs a job.
    func statements() -> String? {
        let needs = tableNeeds()
        guard !needs.isEmpty else { return nil }
        let d = SQLDialect.postgres
        let role = d.quote(WriterRoles.retentionRoleName(schema: schema.name))
        var lines = ["-- The retention job's role."]
        for table in schema.tables {
            guard let need = needs[table.name] else { continue }
            let order = ["SELECT", "INSERT", "DELETE"].filter(need.privileges.contains)
            let table = schema.entity(named: table.name)!
            lines.append("GRANT \(order.joined(separator: ", ")) ON \(d.quote(table.physicalName)) TO \(role);")
            let columns = table.fields.filter { need.updatedColumns.contains($0.name) }.map { d.quote($0.physicalName) }
            if !columns.isEmpty {
                lines.append("GRANT UPDATE (\(columns.joined(separator: ", "))) ON \(d.quote(table.physicalName)) TO \(role);")
            }
            if table.access.owner != nil {
                lines.append("CREATE POLICY \(d.quote(SQLName.make(table.physicalName, "retention"))) ON \(d.quote(table.physicalName)) "
                             + "TO \(role)\n  USING (true) WITH CHECK (true);")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What the jobs do to each table, by logical name.
    private func tableNeeds() -> [String: Needs] {
        var needs: [String: Needs] = [:]
        for table in schema.tables {
            for rule in table.retention where Self.runsAsRole(rule, of: table) {
                switch rule.kind {
                case .expire, .expireAt, .cap:
                    needs[table.name, default: Needs()].privileges.insert("DELETE")
                    if rule.rollUp != nil, case .expire(_, let field, _) = rule.kind {
                        // The job locks the due rows (`SELECT … FOR UPDATE`), which PostgreSQL allows
                        // only to a role that may update a column of them: the time column.
                        needs[table.name, default: Needs()].updatedColumns.insert(field)
                    }
                    if let rollUp = rule.rollUp, let summary = schema.entity(named: rollUp.into) {
                        // Inserts new summary rows and adds into existing ones (ON CONFLICT DO UPDATE).
                        needs[summary.name, default: Needs()].privileges.insert("INSERT")
                        needs[summary.name, default: Needs()].updatedColumns.formUnion(rollUp.aggregates.map(\.field))
                    }
                case .deactivate(_, _, let target, _, _), .deactivateAt(_, let target, _, _):
                    needs[table.name, default: Needs()].updatedColumns.insert(target)
                case .archive(_, _, let into, _):
                    needs[table.name, default: Needs()].privileges.insert("DELETE")
                    needs[into, default: Needs()].privileges.insert("INSERT")
                case .expireByRelated(_, let time, _):
                    needs[table.name, default: Needs()].privileges.insert("DELETE")
                    needs[time.entity, default: Needs()].privileges.insert("SELECT")  // reads the related times
                case .archiveByRelated(_, let time, let into, _):
                    needs[table.name, default: Needs()].privileges.insert("DELETE")
                    needs[into, default: Needs()].privileges.insert("INSERT")
                    needs[time.entity, default: Needs()].privileges.insert("SELECT")
                case .appendOnly, .forever, .expireEntries:
                    break  // entry rules never reach a SQL table (SQLEntryRetentionCheck)
                }
            }
        }
        // Deletes skip rows still referenced with `restrict`, so the job reads the referencing tables.
        for child in schema.tables {
            for (_, reference) in child.foreignKeys where reference.onDelete == .restrict
                && needs[reference.entity]?.privileges.contains("DELETE") == true {
                if needs[child.name] == nil { needs[child.name] = Needs() }
            }
        }
        return needs
    }
}
