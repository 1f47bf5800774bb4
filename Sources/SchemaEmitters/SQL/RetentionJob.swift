import SchemaLanguage

/// The SQL a scheduled job runs for one retention rule. Every statement only touches rows the rule
/// names, so running a job twice, or late, is harmless.
struct RetentionJob {
    let rule: RetentionRule
    let entity: Entity
    let schema: Schema
    let dialect: SQLDialect

    private var renderer: ConditionRenderer { ConditionRenderer(dialect: dialect, entity: entity) }
    private var table: String { dialect.quote(entity.physicalName) }

    /// The job's statements, or nil for rules that need none (`append only`, `forever`).
    func render() -> String? {
        switch rule.kind {
        case .expire(let age, let field, let condition):
            return "DELETE FROM \(table)\nWHERE " + filter(older(field, age), condition) + ";"
        case .expireAt(let field, let condition):
            return "DELETE FROM \(table)\nWHERE " + filter(due(field), condition) + ";"
        case .deactivate(let age, let field, let target, let value, let condition):
            return deactivate(older(field, age), target, value, condition)
        case .deactivateAt(let field, let target, let value, let condition):
            return deactivate(due(field), target, value, condition)
        case .archive(let age, let field, let into, let condition):
            return archive(filter(older(field, age), condition), into: into)
        case .cap(let count, let per, let field):
            return cap(count, per: per, by: field)
        case .appendOnly, .forever:
            return nil
        }
    }

    private func older(_ field: String, _ age: TimeSpan) -> String {
        "\(renderer.column(field)) < \(dialect.now(minus: age))"
    }

    private func due(_ field: String) -> String {
        "\(renderer.column(field)) <= \(dialect.now)"
    }

    private func filter(_ time: String, _ condition: Condition?) -> String {
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

    /// Copies the rows, then deletes those now in the archive, in one transaction. The delete also
    /// requires the archived copy, so a row that came of age between the two statements (MySQL and
    /// SQLite read the clock per statement) stays for the next run instead of being lost.
    private func archive(_ whereClause: String, into archiveName: String) -> String {
        guard let archive = schema.entity(named: archiveName) else { return SQLDialect.comment("archive table \(archiveName) not found") }
        let pairs = entity.fields.compactMap { field in archive.field(named: field.name).map { (field, $0) } }
        let archiveTable = dialect.quote(archive.physicalName)
        let targetColumns = pairs.map { dialect.quote($0.1.physicalName) }.joined(separator: ", ")
        let sourceColumns = pairs.map { dialect.quote($0.0.physicalName) }.joined(separator: ", ")
        let alias = dialect.quote("archived")
        let keyMatch = entity.primaryKeyFields.compactMap { key in
            archive.field(named: key.name).map {
                "\(alias).\(dialect.quote($0.physicalName)) = \(table).\(dialect.quote(key.physicalName))"
            }
        }
        var delete = "DELETE FROM \(table)\nWHERE \(whereClause)"
        if !keyMatch.isEmpty {
            delete += "\n  AND EXISTS (SELECT 1 FROM \(archiveTable) AS \(alias) WHERE \(keyMatch.joined(separator: " AND ")))"
        }
        return [
            beginTransaction,
            "INSERT INTO \(archiveTable) (\(targetColumns))\nSELECT \(sourceColumns) FROM \(table)\nWHERE \(whereClause);",
            delete + ";",
            "COMMIT;",
        ].joined(separator: "\n")
    }

    private var beginTransaction: String {
        switch dialect {
        case .sqlite: "BEGIN IMMEDIATE;"
        case .postgres: "BEGIN;"
        case .mysql: "START TRANSACTION;"
        }
    }

    /// Numbers each group's rows newest first (ties broken by primary key, rows without a time
    /// count as oldest) and deletes those past the count. MySQL cannot delete from a table it
    /// selects from in a subquery, so it joins a derived table instead.
    private func cap(_ count: Int, per: [String], by field: String) -> String {
        let keys = entity.primaryKeyFields.map { dialect.quote($0.physicalName) }
        let nullsLast = dialect == .postgres ? " NULLS LAST" : ""
        let order = ["\(renderer.column(field)) DESC\(nullsLast)"] + keys.map { "\($0) DESC" }
        let partition = per.isEmpty ? "" : "PARTITION BY \(per.map(renderer.column).joined(separator: ", ")) "
        let recency = dialect.quote("recency")
        let ranked = dialect.quote("ranked")
        let numbered = "SELECT \(keys.joined(separator: ", ")), ROW_NUMBER() OVER (\(partition)ORDER BY "
            + "\(order.joined(separator: ", "))) AS \(recency)\n    FROM \(table)"
        if dialect == .mysql {
            let join = keys.map { "\(ranked).\($0) = \(table).\($0)" }.joined(separator: " AND ")
            return "DELETE \(table) FROM \(table) JOIN (\n    \(numbered)\n  ) AS \(ranked) ON \(join)\n"
                + "WHERE \(ranked).\(recency) > \(count);"
        }
        let keyList = keys.count == 1 ? keys[0] : "(\(keys.joined(separator: ", ")))"
        return "DELETE FROM \(table)\nWHERE \(keyList) IN (\n  SELECT \(keys.joined(separator: ", ")) FROM (\n    \(numbered)\n"
            + "  ) AS \(ranked)\n  WHERE \(recency) > \(count)\n);"
    }
}
