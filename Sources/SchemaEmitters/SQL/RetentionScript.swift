import SchemaLanguage

/// The retention file of one dialect: the statements a scheduled job (e.g. daily) runs, table by
/// table, each under the rule it comes from.
struct RetentionScript {
    let schema: Schema
    let dialect: SQLDialect

    /// The file's text.
    func render() -> String {
        var sections = [SQLScriptHeader.lines(for: schema, dialect: dialect, purpose: [
            "Retention jobs: run this script on a schedule. Each statement touches only the rows its rule names.",
        ])]
        var jobs = 0
        for table in schema.tables where !table.retention.isEmpty {
            var lines: [String] = []
            for rule in table.retention {
                if let job = RetentionJob(rule: rule, entity: table, schema: schema, dialect: dialect).render() {
                    lines.append(SQLDialect.comment("\(table.name): \(rule.source)") + "\n" + job)
                    jobs += 1
                } else {
                    lines.append(SQLDialect.comment("\(table.name): \(rule.source) (no job)"))
                }
            }
            sections.append(lines.joined(separator: "\n\n"))
        }
        if jobs == 0 { sections.append("-- No table has a retention rule that needs a job.") }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
