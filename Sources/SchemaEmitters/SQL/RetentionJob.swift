import SchemaLanguage

/// The SQL a scheduled job runs for one retention rule. Every statement only touches rows the rule
/// names, so running a job twice, or late, is harmless.
struct RetentionJob {
    let rule: RetentionRule
    let entity: Entity
    let schema: Schema
    let dialect: SQLDialect

    var renderer: ConditionRenderer { ConditionRenderer(dialect: dialect, entity: entity) }
    var table: String { dialect.quote(entity.physicalName) }

    /// The job's statements, or nil for rules that need none (`append only`, `forever`).
    func render() -> String? {
        switch rule.kind {
        case .expire(let age, let field, let condition):
            if let rollUp = rule.rollUp { return RollUpJob(job: self, rollUp: rollUp).render(age: age, field: field, condition: condition) }
            return "DELETE FROM \(table)\nWHERE " + filter(older(field, age), condition) + unreferenced + ";"
        case .expireAt(let field, let condition):
            return "DELETE FROM \(table)\nWHERE " + filter(due(field), condition) + unreferenced + ";"
        case .deactivate(let age, let field, let target, let value, let condition):
            return deactivate(older(field, age), target, value, condition)
        case .deactivateAt(let field, let target, let value, let condition):
            return deactivate(due(field), target, value, condition)
        case .archive(let age, let field, let into, let condition):
            return archive(filter(older(field, age), condition) + unreferenced, into: into)
        case .expireByRelated(let age, let time, let condition):
            return "DELETE FROM \(table)\nWHERE " + filter(relatedOlder(time, age), condition) + unreferenced + ";"
        case .archiveByRelated(let age, let time, let into, let condition):
            return archive(filter(relatedOlder(time, age), condition) + unreferenced, into: into)
        case .cap(let count, let per, let field):
            return cap(count, per: per, by: field)
        case .expireEntries, .appendOnly, .forever:
            return nil  // entry rules never reach a SQL table (SQLEntryRetentionCheck)
        }
    }

    /// `restrict` foreign keys into this table, as `(child table, child column, referenced column)`.
    /// MySQL cannot read the table it deletes from in a subquery, so self-references are left out
    /// there (such a delete fails, and the one-unit script with it).
    private var restrictingReferences: [(table: String, column: String, referenced: String)] {
        schema.tables.flatMap { child in
            child.foreignKeys.compactMap { field, reference in
                guard reference.entity == entity.name, reference.onDelete == .restrict,
                      !(dialect == .mysql && child.name == entity.name),
                      let referenced = entity.field(named: reference.field) else { return nil }
                return (dialect.quote(child.physicalName), dialect.quote(field.physicalName), dialect.quote(referenced.physicalName))
            }
        }
    }

    /// `SELECT 1 FROM <child> … WHERE <child>.<fk> = <table>.<key>` for each restricting reference.
    private var references: [String] {
        let alias = dialect.quote("referencing")
        return restrictingReferences.map { child in
            "SELECT 1 FROM \(child.table) AS \(alias) WHERE \(alias).\(child.column) = \(table).\(child.referenced)"
        }
    }

    /// Rows other rows still reference with `on delete restrict` stay: deleting one would fail the
    /// statement, and with it every job of the run, as long as the reference lasts (a tenant could
    /// hold up everyone's retention by keeping one). The report counts them.
    var unreferenced: String {
        references.map { "\n  AND NOT EXISTS (\($0))" }.joined()
    }

    /// `column < now - age`; a named period's age is the script's parameter (``RetentionPeriodSQL``).
    func older(_ field: String, _ age: TimeSpan) -> String {
        "\(renderer.column(field)) < \(cutoff(field, age))"
    }

    /// `now - age` comparable with the field's storage.
    func cutoff(_ field: String, _ age: TimeSpan) -> String {
        let column = entity.field(named: field)
        guard let period = rule.namedPeriod else { return dialect.now(minus: age, for: column) }
        return RetentionPeriodSQL(period: period, schema: schema, dialect: dialect).now(for: column)
    }

    /// `EXISTS (SELECT 1 FROM <related> AS related WHERE related.<key> = <table>.<via> AND
    /// related.<time> < now - age)`: a row whose referenced row is missing, or has no time, is
    /// never due.
    fileprivate func relatedOlder(_ time: RelatedTime, _ age: TimeSpan) -> String {
        guard let related = schema.entity(named: time.entity) else { return "FALSE" }
        let alias = dialect.quote("related")
        let relatedField = related.field(named: time.field)
        let column = "\(alias).\(dialect.quote(relatedField?.physicalName ?? time.field))"
        let cutoff = rule.namedPeriod.map { RetentionPeriodSQL(period: $0, schema: schema, dialect: dialect).now(for: relatedField) }
            ?? dialect.now(minus: age, for: relatedField)
        let key = "\(alias).\(dialect.quote(related.field(named: time.key)?.physicalName ?? time.key))"
        return "EXISTS (SELECT 1 FROM \(dialect.quote(related.physicalName)) AS \(alias) "
            + "WHERE \(key) = \(table).\(renderer.column(time.via)) AND \(column) < \(cutoff))"
    }

    fileprivate func due(_ field: String) -> String {
        "\(renderer.column(field)) <= \(dialect.now(for: entity.field(named: field)))"
    }

    func filter(_ time: String, _ condition: Condition?) -> String {
        guard let condition else { return time }
        return "\(time) AND (\(renderer.render(condition)))"
    }

    private func deactivate(_ time: String, _ target: String, _ value: Literal, _ condition: Condition?) -> String {
        let column = renderer.column(target)
        let literal = renderer.literal(value)
        // Rows already deactivated are left alone: no write, no `on update now` touch.
        return "UPDATE \(table) SET \(column) = \(literal)\n"
            + "WHERE \(filter(time, condition)) AND \(dialect.isDistinct(column, from: literal));"
    }

    /// Moves the rows into the archive without ever losing one.
    ///
    /// PostgreSQL deletes and inserts in one statement (`WITH moved AS (DELETE … RETURNING …)
    /// INSERT …`): the archived copy is the version deleted, so a change committed meanwhile is
    /// never dropped. SQLite and MySQL copy, then delete only rows whose archived copy is identical
    /// in every column: a copy that failed, a row changed or come of age between the two
    /// statements, or an older archived row of the same key keeps the source row. Rows whose key
    /// the archive already holds are not copied, so a collision leaves them in place (the script's
    /// report counts them) instead of failing every run.
    private func archive(_ whereClause: String, into archiveName: String) -> String {
        guard let archive = schema.entity(named: archiveName) else { return SQLDialect.comment("archive table \(archiveName) not found") }
        let pairs = entity.fields.compactMap { field in archive.field(named: field.name).map { (field, $0) } }
        let archiveTable = dialect.quote(archive.physicalName)
        let targetColumns = pairs.map { dialect.quote($0.1.physicalName) }.joined(separator: ", ")
        let sourceColumns = pairs.map { dialect.quote($0.0.physicalName) }.joined(separator: ", ")
        let moved = dialect.quote("moved")
        let keyPairs = entity.primaryKeyFields.compactMap { key in archive.field(named: key.name).map { (key, $0) } }
        let notYetArchived = archivedCopy(keyPairs, in: archiveTable) { "\($0) = \($1)" }
            .map { "\n  AND NOT EXISTS (\($0))" } ?? ""
        if dialect == .postgres {
            return "WITH \(moved) AS (\n  DELETE FROM \(table)\n  WHERE \(whereClause)"
                + notYetArchived.replacingOccurrences(of: "\n", with: "\n  ")
                + "\n  RETURNING \(sourceColumns)\n)\n"
                + "INSERT INTO \(archiveTable) (\(targetColumns))\nSELECT \(sourceColumns) FROM \(moved);"
        }
        let identical = archivedCopy(pairs, in: archiveTable) { dialect == .sqlite ? "\($0) IS \($1)" : "\($0) <=> \($1)" }
        var statements = [
            "INSERT INTO \(archiveTable) (\(targetColumns))\nSELECT \(sourceColumns) FROM \(table)\nWHERE \(whereClause)\(notYetArchived);",
        ]
        if let identical { statements.append("DELETE FROM \(table)\nWHERE \(whereClause)\n  AND EXISTS (\(identical));") }
        return statements.joined(separator: "\n")
    }

    /// `SELECT 1 FROM <archive> AS archived WHERE …` matching the source row on the given column
    /// pairs, or nil when there are none.
    fileprivate func archivedCopy(_ pairs: [(Field, Field)], in archiveTable: String,
                              equal: (String, String) -> String) -> String? {
        guard !pairs.isEmpty else { return nil }
        let alias = dialect.quote("archived")
        let conditions = pairs.map { source, copy in
            equal("\(alias).\(dialect.quote(copy.physicalName))", "\(table).\(dialect.quote(source.physicalName))")
        }
        return "SELECT 1 FROM \(archiveTable) AS \(alias) WHERE \(conditions.joined(separator: " AND "))"
    }

    /// Numbers each group's rows newest first (ties broken by primary key, rows without a time
    /// count as oldest) and deletes those past the count. MySQL cannot delete from a table it
    /// selects from in a subquery, so it joins a derived table instead.
    private func cap(_ count: Int, per: [String], by field: String) -> String {
        if dialect == .mysql {
            let ranked = dialect.quote("ranked")
            let join = entity.primaryKeyFields.map { dialect.quote($0.physicalName) }
                .map { "\(ranked).\($0) = \(table).\($0)" }.joined(separator: " AND ")
            return "DELETE \(table) FROM \(table) JOIN (\n    \(numbered(per: per, by: field))\n  ) AS \(ranked) ON \(join)\n"
                + "WHERE \(ranked).\(dialect.quote("recency")) > \(count)\(unreferenced);"
        }
        return "DELETE FROM \(table)\nWHERE \(pastCount(count, per: per, by: field))\(unreferenced);"
    }

    /// `SELECT <key>, ROW_NUMBER() OVER (…) AS recency FROM <table>`: each group's rows numbered newest first.
    private func numbered(per: [String], by field: String) -> String {
        let keys = entity.primaryKeyFields.map { dialect.quote($0.physicalName) }
        let nullsLast = dialect == .postgres ? " NULLS LAST" : ""
        let order = ["\(renderer.column(field)) DESC\(nullsLast)"] + keys.map { "\($0) DESC" }
        let partition = per.isEmpty ? "" : "PARTITION BY \(per.map(renderer.column).joined(separator: ", ")) "
        return "SELECT \(keys.joined(separator: ", ")), ROW_NUMBER() OVER (\(partition)ORDER BY "
            + "\(order.joined(separator: ", "))) AS \(dialect.quote("recency"))\n    FROM \(table)"
    }

    /// `<key> IN (…)`: the rows past the newest `count` of their group (``numbered(per:by:)``).
    /// Also the held-back count's due rows, which MySQL may select this way (only its `DELETE` may not).
    private func pastCount(_ count: Int, per: [String], by field: String) -> String {
        let keys = entity.primaryKeyFields.map { dialect.quote($0.physicalName) }
        let keyList = keys.count == 1 ? keys[0] : "(\(keys.joined(separator: ", ")))"
        return "\(keyList) IN (\n  SELECT \(keys.joined(separator: ", ")) FROM (\n    \(numbered(per: per, by: field))\n"
            + "  ) AS \(dialect.quote("ranked"))\n  WHERE \(dialect.quote("recency")) > \(count)\n)"
    }
}

extension RetentionJob {
    /// What the script reports after running this job: rows the rule cannot reach, as a label and
    /// a `WHERE` condition on the job's table. Rows with no time in an optional field never come
    /// of age; rows due for the archive whose key the archive already holds stay in place.
    func unreachableRows() -> [(label: String, condition: String)] {
        var found: [(String, String)] = []
        if rule.silentlySkipsNullTimes(in: entity), let field = rule.timeField {
            found.append(("\(entity.physicalName): rows with no \(field) are never reached by '\(rule.source)'",
                          "\(renderer.column(field)) IS NULL"))
        }
        if let time = rule.relatedTime, !rule.requiresRelatedTime, let related = schema.entity(named: time.entity),
           related.field(named: time.field)?.isOptional == true || entity.field(named: time.via)?.isOptional == true {
            let alias = dialect.quote("related")
            let column = dialect.quote(related.field(named: time.field)?.physicalName ?? time.field)
            let key = dialect.quote(related.field(named: time.key)?.physicalName ?? time.key)
            found.append(("\(entity.physicalName): rows with no \(time.entity).\(time.field) are never reached by '\(rule.source)'",
                          "NOT EXISTS (SELECT 1 FROM \(dialect.quote(related.physicalName)) AS \(alias) "
                            + "WHERE \(alias).\(key) = \(table).\(renderer.column(time.via)) AND \(alias).\(column) IS NOT NULL)"))
        }
        if let held = heldBackRows() {
            if let referenced = held.referenced {
                found.append(("\(entity.physicalName): rows due for '\(rule.source)' that other rows still reference stay",
                              "\(held.due) AND \(referenced)"))
            }
            if let (archive, keyArchived) = held.archived {
                found.append(("\(entity.physicalName): rows due for \(archive) whose key it already holds stay",
                              "\(held.due) AND \(keyArchived)"))
            }
        }
        return found
    }

    /// The rows the job leaves although they are due, as `WHERE` conditions on the job's table:
    /// `due` the rule's rows, `referenced` those another row still references with `restrict`,
    /// `archived` (with the archive's name) those whose key the archive already holds. Nil for a
    /// rule that leaves none.
    private func heldBackRows() -> (due: String, referenced: String?, archived: (String, String)?)? {
        let dueRows: String? = switch rule.kind {
        case .expire(let age, let field, let condition), .archive(let age, let field, _, let condition):
            filter(older(field, age), condition)
        case .expireAt(let field, let condition): filter(due(field), condition)
        case .expireByRelated(let age, let time, let condition), .archiveByRelated(let age, let time, _, let condition):
            filter(relatedOlder(time, age), condition)
        // Counted after the job: the rows it left past the count still rank past it.
        case .cap(let count, let per, let field): pastCount(count, per: per, by: field)
        default: nil
        }
        guard let dueRows else { return nil }
        let referenced = references.isEmpty ? nil : "(" + references.map { "EXISTS (\($0))" }.joined(separator: " OR ") + ")"
        var archived: (String, String)?
        switch rule.kind {
        case .archive(_, _, let into, _), .archiveByRelated(_, _, let into, _):
            if let archive = schema.entity(named: into) {
                let keyPairs = entity.primaryKeyFields.compactMap { key in archive.field(named: key.name).map { (key, $0) } }
                if let keyArchived = archivedCopy(keyPairs, in: dialect.quote(archive.physicalName), equal: { "\($0) = \($1)" }) {
                    archived = (archive.physicalName, "EXISTS (\(keyArchived))")
                }
            }
        default: break
        }
        guard referenced != nil || archived != nil else { return nil }
        return (dueRows, referenced, archived)
    }

    /// A query counting, after the job ran and in its transaction, the due rows it left (see
    /// ``heldBackRows()``): the sweep's `heldBack`. Nil for a rule that leaves none.
    func heldBackCount() -> String? {
        guard let held = heldBackRows() else { return nil }
        let reasons = [held.referenced, held.archived?.1].compactMap { $0 }
        let reason = reasons.count == 1 ? reasons[0] : "(" + reasons.joined(separator: " OR ") + ")"
        return "SELECT COUNT(*) FROM \(table)\nWHERE \(held.due) AND \(reason);"
    }
}
