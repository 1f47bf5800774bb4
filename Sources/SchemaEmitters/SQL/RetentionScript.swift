import SchemaLanguage

/// The retention file of one dialect: the statements a scheduled job (e.g. daily) runs, table by
/// table, each under the rule it comes from, then a report of rows the rules cannot reach.
///
/// The jobs run as one unit that stops at the first error whatever runs the script: PostgreSQL in
/// one transaction (an error aborts it, so the closing `COMMIT` rolls back) under the retention
/// role; MySQL in a procedure whose error handler rolls back and re-raises, with the session time
/// zone fixed to UTC first; SQLite in one `BEGIN IMMEDIATE` transaction, where every job is safe on
/// its own (an archive deletes only rows it copied identically).
struct RetentionScript {
    let schema: Schema
    let dialect: SQLDialect

    /// The file's text.
    func render() -> String {
        var sections = [SQLScriptHeader.lines(for: schema, dialect: dialect, purpose: purpose)]
        var jobs = 0
        for table in schema.tables where !table.retention.isEmpty {
            var lines: [String] = []
            for rule in table.retention {
                if rule.isHandled {
                    lines.append(SQLDialect.comment("\(table.name): \(rule.source) (no job: \(Self.handledNote))"))
                } else if let job = RetentionJob(rule: rule, entity: table, schema: schema, dialect: dialect).render() {
                    lines.append(SQLDialect.comment("\(table.name): \(rule.source)") + "\n" + job)
                    jobs += 1
                } else {
                    lines.append(SQLDialect.comment("\(table.name): \(rule.source) (no job)"))
                }
            }
            sections.append(lines.joined(separator: "\n\n"))
        }
        if jobs == 0 {
            sections.append("-- No table has a retention rule that needs a job.")
            return sections.joined(separator: "\n\n") + "\n"
        }
        let body = Array(sections.dropFirst()) + [reportQuery()].compactMap { $0 }
        return [sections[0], wrapped(body)].joined(separator: "\n\n") + "\n"
    }

    /// Why a handled rule has no job, in the comment that stands in for it.
    static let handledNote = "handled by the application, whose sweep acts on each due row and then deletes it"

    /// The role the PostgreSQL jobs run as (see ``WriterRoles``).
    static func roleName(schema: String) -> String { WriterRoles.retentionRoleName(schema: schema) }

    /// The MySQL procedure the jobs run in; dropped again at the end of the script.
    static func procedureName(schema: String) -> String { SQLName.make(schema, "retention") }

    private var purpose: [String] {
        var lines = ["Retention jobs: run this script on a schedule. Each statement touches only the rows its rule names.",
                     "The jobs run as one unit and stop at the first error; the closing report lists rows no rule reaches."]
        switch dialect {
        case .postgres:
            lines.append("Run it as a member of role \(Self.roleName(schema: schema.name)), which the DDL creates, or as a superuser.")
        case .mysql:
            lines.append("Needs CREATE ROUTINE: the jobs run in a procedure so that an error rolls all of them back.")
        case .sqlite:
            break
        }
        return lines + RetentionPeriodSQL.headerLines(schema: schema, dialect: dialect)
    }

    private func wrapped(_ body: [String]) -> String {
        let joined = body.joined(separator: "\n\n")
        switch dialect {
        case .sqlite:
            return "BEGIN IMMEDIATE;\n\n\(joined)\n\nCOMMIT;"
        case .postgres:
            return "BEGIN;\nSET LOCAL ROLE \(dialect.quote(Self.roleName(schema: schema.name)));\n\n\(joined)\n\nCOMMIT;"
        case .mysql:
            let procedure = dialect.quote(Self.procedureName(schema: schema.name))
            // The handler rolls back every job and re-raises, so a client that goes on after errors
            // (mysql --force) still finds nothing half done.
            return """
                SET time_zone = '+00:00';
                DROP PROCEDURE IF EXISTS \(procedure);
                DELIMITER ;;
                CREATE PROCEDURE \(procedure)()
                BEGIN
                DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
                START TRANSACTION;

                \(joined)

                COMMIT;
                END;;
                DELIMITER ;
                CALL \(procedure)();
                DROP PROCEDURE \(procedure);
                """
        }
    }

    /// One query listing, with their counts, the kinds of row no rule reaches that exist now.
    private func reportQuery() -> String? {
        let checks = schema.tables.flatMap { table in
            table.retention.filter { !$0.isHandled }.flatMap { rule in
                RetentionJob(rule: rule, entity: table, schema: schema, dialect: dialect).unreachableRows()
                    .map { (label: $0.label, condition: $0.condition, table: dialect.quote(table.physicalName)) }
            }
        }
        guard !checks.isEmpty else { return nil }
        let problem = dialect.quote("problem"), count = dialect.quote("row_count")
        let selects = checks.map { check in
            "  SELECT \(dialect.string(check.label)) AS \(problem), COUNT(*) AS \(count) FROM \(check.table) WHERE \(check.condition)"
        }
        return "-- Report: rows the rules above cannot reach.\nSELECT \(problem), \(count) FROM (\n"
            + selects.joined(separator: "\n  UNION ALL\n") + "\n) AS \(dialect.quote("report")) WHERE \(count) > 0;"
    }
}
