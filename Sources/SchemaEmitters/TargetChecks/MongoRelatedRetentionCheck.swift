import SchemaLanguage

/// `delete after 180d by user_id -> users.last_seen` reads the time of another document. The
/// MongoDB retention script removes documents with one `deleteMany` filter per rule, which cannot
/// read another collection, so such a rule on a collection is refused rather than left without
/// a job. Tables (SQL jobs join the referenced table) and the embedded store run it.
public struct MongoRelatedRetentionCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every rule by a related time on a collection.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        for collection in schema.collections {
            for rule in collection.retention {
                guard let time = rule.relatedTime else { continue }
                bag.error("'\(rule.source)' cannot run on MongoDB: its retention script does not read '\(time.entity)' documents",
                          hint: "keep a copy of '\(time.field)' in '\(collection.name)' and write 'by <that field>', or make both entities tables",
                          at: rule.range)
            }
        }
        return bag.diagnostics
    }
}
