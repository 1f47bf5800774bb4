import SchemaLanguage

/// The SQL of a `delete after … roll up into …` rule: the due rows' groups are added into the
/// summary (a new summary row per new key, the counts and sums added to an existing one), and the
/// same rows are deleted, so that rerunning the job, or a crash, never counts a row twice or
/// deletes one uncounted.
///
/// - PostgreSQL: one statement, `WITH due AS (SELECT … FOR UPDATE), added AS (INSERT … SELECT … FROM
///   due GROUP BY … ON CONFLICT (key) DO UPDATE SET n = summary.n + EXCLUDED.n) DELETE … USING due`:
///   the locked due rows are added and deleted, and the statement's row count is the rows deleted.
/// - MySQL: the script's procedure rolls every job back on an error; the cutoff is computed once
///   into a session variable, then `INSERT … SELECT … GROUP BY … ON DUPLICATE KEY UPDATE` and
///   `DELETE` read the same rows (the insert's reads lock them until the commit).
/// - SQLite goes on after a failed statement, so the delete must be safe on its own: a temporary
///   trigger adds each deleted row into the summary within the `DELETE` statement (a failed add
///   fails the delete), and the `DELETE` runs only while that trigger exists.
struct RollUpJob {
    let job: RetentionJob
    let rollUp: RollUp

    private var dialect: SQLDialect { job.dialect }
    private var entity: Entity { job.entity }

    func render(age: TimeSpan, field: String, condition: Condition?) -> String {
        guard let summary = job.schema.entity(named: rollUp.into) else {
            return SQLDialect.comment("summary table \(rollUp.into) not found")
        }
        switch dialect {
        case .postgres:
            let due = job.filter(job.older(field, age), condition) + job.unreferenced
            let dueName = cteName("due"), added = dialect.quote(cteName("added"))
            let read = Set(rollUp.groups.map(\.source) + rollUp.aggregates.compactMap(\.summed))
            let keys = entity.primaryKeyFields.map { dialect.quote($0.physicalName) }
            let selected = keys + entity.fields.filter { read.contains($0.name) && !entity.primaryKey.contains($0.name) }
                .map { dialect.quote($0.physicalName) }
            let matched = keys.map { "\(job.table).\($0) = \(dialect.quote(dueName)).\($0)" }.joined(separator: " AND ")
            // The primary command is the DELETE, so the statement's row count is the rows deleted,
            // as for every other job. `FOR UPDATE` locks the due rows first: the rows added into
            // the summary are exactly the rows deleted, whatever commits meanwhile.
            return "WITH \(dialect.quote(dueName)) AS (\n  SELECT \(selected.joined(separator: ", ")) FROM \(job.table)\n"
                + "  WHERE \(due.replacingOccurrences(of: "\n", with: "\n  "))\n  FOR UPDATE\n), \(added) AS (\n  "
                + upsert(into: summary, from: dialect.quote(dueName), where: nil).replacingOccurrences(of: "\n", with: "\n  ") + "\n)\n"
                + "DELETE FROM \(job.table) USING \(dialect.quote(dueName))\nWHERE \(matched);"
        case .mysql:
            let cutoff = "@" + dialect.quote("roll_up_cutoff")
            let column = job.renderer.column(field)
            let due = job.filter("\(column) < \(cutoff)", condition) + job.unreferenced
            return "SET \(cutoff) = \(job.cutoff(field, age));\n"
                + upsert(into: summary, from: job.table, where: due) + ";\n"
                + "DELETE FROM \(job.table)\nWHERE \(due);"
        case .sqlite:
            let trigger = SQLName.make(entity.physicalName, "roll_up")
            let due = job.filter(job.older(field, age), condition) + job.unreferenced
            let triggerExists = "SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name = \(dialect.string(trigger))"
            return "DROP TRIGGER IF EXISTS temp.\(dialect.quote(trigger));\n"
                + "CREATE TEMP TRIGGER \(dialect.quote(trigger)) AFTER DELETE ON main.\(job.table) BEGIN\n"
                + "  " + rowUpsert(into: summary).replacingOccurrences(of: "\n", with: "\n  ") + ";\nEND;\n"
                + "DELETE FROM \(job.table)\nWHERE \(due)\n  AND EXISTS (\(triggerExists));\n"
                + "DROP TRIGGER temp.\(dialect.quote(trigger));"
        }
    }

    /// `base`, or `base_` … when a table of the schema has that name: a `WITH` name hides the
    /// table of the same name inside the statement.
    private func cteName(_ base: String) -> String {
        let tables = Set(job.schema.tables.map(\.physicalName))
        var name = base
        while tables.contains(name) { name += "_" }
        return name
    }

    /// The summary's quoted key and accumulating columns, in roll-up order.
    private func columns(of summary: Entity) -> (keys: [String], sums: [String]) {
        let column = { (name: String) in dialect.quote(summary.field(named: name)?.physicalName ?? name) }
        return (rollUp.groups.map { column($0.field) }, rollUp.aggregates.map { column($0.field) })
    }

    /// A source column as the summary's key value: its UTC day for `day(…)`; on PostgreSQL an
    /// enum is cast through text to the summary column's type, which may be another enum type.
    private func keyValue(_ group: RollUp.Group, in summary: Entity, prefix: String) -> String {
        let source = entity.field(named: group.source)
        let column = prefix + dialect.quote(source?.physicalName ?? group.source)
        if group.byDay && source?.type != .date {
            switch dialect {
            case .sqlite: return "date(\(column))"
            case .mysql: return "DATE(\(column))"  // the script fixes the session time zone to UTC
            case .postgres:
                return source?.storage.timestamp == .naive ? "CAST(\(column) AS date)" : "CAST(\(column) AT TIME ZONE 'UTC' AS date)"
            }
        }
        if dialect == .postgres, case .enumeration = source?.type, let target = summary.field(named: group.field) {
            return "CAST(CAST(\(column) AS text) AS \(SQLColumnType.declaration(of: target, in: .postgres)))"
        }
        return column
    }

    /// `INSERT INTO summary (…) SELECT key…, COUNT(*), COALESCE(SUM(x), 0) FROM source [WHERE …]
    /// GROUP BY key… <add on conflict>`.
    private func upsert(into summary: Entity, from source: String, where due: String?) -> String {
        let (keys, sums) = columns(of: summary)
        let values = rollUp.groups.map { keyValue($0, in: summary, prefix: "") }
        let totals = rollUp.aggregates.map { aggregate in
            switch aggregate.function {
            case .count: "COUNT(*)"
            case .sum(let field): "COALESCE(SUM(\(job.renderer.column(field))), 0)"
            }
        }
        let table = dialect.quote(summary.physicalName)
        return "INSERT INTO \(table) (\((keys + sums).joined(separator: ", ")))\n"
            + "SELECT \((values + totals).joined(separator: ", ")) FROM \(source)\n"
            + (due.map { "WHERE \($0)\n" } ?? "")
            + "GROUP BY \(values.joined(separator: ", "))\n"
            + addOnConflict(table: table, keys: keys, sums: sums)
    }

    /// One deleted row (`OLD`) added into its summary row: SQLite's trigger body.
    private func rowUpsert(into summary: Entity) -> String {
        let (keys, sums) = columns(of: summary)
        let values = rollUp.groups.map { keyValue($0, in: summary, prefix: "OLD.") }
        let totals = rollUp.aggregates.map { aggregate in
            switch aggregate.function {
            case .count: "1"
            case .sum(let field): "COALESCE(OLD.\(job.renderer.column(field)), 0)"
            }
        }
        // Table names in a trigger body cannot be qualified; a temp trigger finds main's tables.
        let table = dialect.quote(summary.physicalName)
        return "INSERT INTO \(table) (\((keys + sums).joined(separator: ", ")))\n"
            + "VALUES (\((values + totals).joined(separator: ", ")))\n"
            + addOnConflict(table: table, keys: keys, sums: sums)
    }

    /// Adds the new counts and sums to a summary row that already holds the key.
    private func addOnConflict(table: String, keys: [String], sums: [String]) -> String {
        switch dialect {
        case .postgres:
            "ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET "
                + sums.map { "\($0) = \(table).\($0) + EXCLUDED.\($0)" }.joined(separator: ", ")
        case .sqlite:
            "ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET "
                + sums.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        case .mysql:
            "ON DUPLICATE KEY UPDATE " + sums.map { "\($0) = \($0) + VALUES(\($0))" }.joined(separator: ", ")
        }
    }
}

extension RollUp.Aggregate {
    /// The swept field a sum reads; nil for a count.
    var summed: String? {
        if case .sum(let field) = function { return field }
        return nil
    }
}
