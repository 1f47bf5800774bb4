import SchemaLanguage

/// `delete history entries after 30d by timestamp` removes elements from inside an array value.
/// SQL keeps such an array as one encoded JSON value per row, which the SQL retention jobs do not
/// take apart, so the rule is refused on a table of a schema with a SQL target rather than left
/// without a job. Collections (MongoDB) and the embedded store run it.
public struct SQLEntryRetentionCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every entry rule on a table when the schema targets a SQL database.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        guard let target = schema.targets.first(where: \.isSQL) else { return [] }
        for table in schema.tables {
            for rule in table.retention {
                guard case .expireEntries(_, let array, _) = rule.kind else { continue }
                bag.error("'\(rule.source)' cannot run on \(target.rawValue): SQL retention jobs do not take apart the array '\(array)'",
                          hint: "make '\(table.name)' a collection, or move the entries into a table of their own with 'delete after'",
                          at: rule.range)
            }
        }
        return bag.diagnostics
    }
}
