import SchemaLanguage

/// `delete after … roll up into …` adds the due rows into a summary before deleting them. The
/// MongoDB retention script removes documents with one `deleteMany` filter per rule (or a TTL
/// index), with no step that could add them up first, so a roll-up on a collection is refused
/// rather than deleting documents uncounted. Tables (SQL jobs) and the embedded store run it.
public struct MongoRollUpCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every rolling-up rule on a collection.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        for collection in schema.collections {
            for rule in collection.retention {
                guard let rollUp = rule.rollUp else { continue }
                bag.error("'\(rule.source)' cannot run on MongoDB: its retention script deletes documents without adding them into '\(rollUp.into)'",
                          hint: "make '\(collection.name)' and '\(rollUp.into)' tables, or keep the rows and aggregate them in the application",
                          at: rule.range)
            }
        }
        return bag.diagnostics
    }
}
