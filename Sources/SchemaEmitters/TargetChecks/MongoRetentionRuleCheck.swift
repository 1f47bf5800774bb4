import SchemaLanguage

/// Retention rules MongoDB's retention script cannot run, refused on a collection rather than
/// left without a job. The script removes documents with one `deleteMany` filter per rule (or a
/// TTL index), so it can neither read another collection (`by user_id -> users.last_seen`) nor add
/// the documents into a summary first (`roll up into …`). Tables (SQL jobs) and the embedded
/// store run both.
public struct MongoRetentionRuleCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every rule by a related time and every rolling-up rule on a collection.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        for collection in schema.collections {
            for rule in collection.retention {
                if let time = rule.relatedTime {
                    bag.error("'\(rule.source)' cannot run on MongoDB: its retention script does not read '\(time.entity)' documents",
                              hint: "keep a copy of '\(time.field)' in '\(collection.name)' and write 'by <that field>', or make both entities tables",
                              at: rule.range)
                }
                if let rollUp = rule.rollUp {
                    bag.error("'\(rule.source)' cannot run on MongoDB: its retention script deletes documents without adding them into '\(rollUp.into)'",
                              hint: "make '\(collection.name)' and '\(rollUp.into)' tables, or keep the rows and aggregate them in the application",
                              at: rule.range)
                }
            }
        }
        return bag.diagnostics
    }
}
