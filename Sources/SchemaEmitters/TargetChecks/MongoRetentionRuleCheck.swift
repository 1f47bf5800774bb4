import SchemaLanguage

/// Retention rules MongoDB's retention script cannot run, refused on a collection rather than
/// left without a job. The script names every collection it reads or writes besides the swept one
/// by a fixed name: `$lookup` of a related time, `$merge` into an archive or a summary. A
/// partitioned collection (`todos_{chat_id}`) has no one name, so a rule cannot read a related time
/// from one, nor move or roll documents up into one. (The swept collection itself may be
/// partitioned: its job runs on every partition.)
public struct MongoRetentionRuleCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// An error for every rule of a collection that reads from or writes into a partitioned collection.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        func isPartitioned(_ name: String) -> Bool { schema.entity(named: name)?.partitionKeys.isEmpty == false }
        for collection in schema.collections {
            for rule in collection.retention {
                if let time = rule.relatedTime, isPartitioned(time.entity) {
                    bag.error("'\(rule.source)' cannot run on MongoDB: '\(time.entity)' is partitioned, so its retention script has no one collection to look '\(time.field)' up in",
                              hint: "keep a copy of '\(time.field)' in '\(collection.name)' and write 'by <that field>'",
                              at: rule.range)
                }
                if let archive = Self.archive(of: rule), isPartitioned(archive) {
                    bag.error("'\(rule.source)' cannot run on MongoDB: archive '\(archive)' is partitioned, so its retention script has no one collection to move documents into",
                              hint: "archive into a collection that is not partitioned", at: rule.range)
                }
                if let rollUp = rule.rollUp, isPartitioned(rollUp.into) {
                    bag.error("'\(rule.source)' cannot run on MongoDB: summary '\(rollUp.into)' is partitioned, so its retention script has no one collection to add documents into",
                              hint: "roll up into a collection that is not partitioned", at: rule.range)
                }
            }
        }
        return bag.diagnostics
    }

    private static func archive(of rule: RetentionRule) -> String? {
        switch rule.kind {
        case .archive(_, _, let into, _), .archiveByRelated(_, _, let into, _): into
        default: nil
        }
    }
}
