// Named retention periods: one default per name, one Swift property per name.
extension Checker {
    /// The period a rule's age names (`after warning_expiry = 90d by …`), if any.
    static func periodName(of kind: RetentionRuleKind) -> String? {
        switch kind {
        case .deleteAfter(let age, _, _), .deactivate(let age, _, _, _, _), .archive(let age, _, _, _), .deleteEntries(_, let age, _):
            age.period?.text
        case .deleteAt, .deactivateAt, .keepNewest, .appendOnly, .forever: nil
        }
    }

    /// Rules naming the same period must give it the same default (it is one parameter of the
    /// jobs and one property in Swift), and two names must not become one Swift property.
    mutating func checkRetentionPeriods() {
        var first: [String: (period: RetentionPeriod, entity: String, range: SourceRange)] = [:]
        var properties: [String: String] = [:]
        for entity in schema.entities {
            for rule in entity.retention {
                guard let period = rule.namedPeriod else { continue }
                if let earlier = first[period.name] {
                    if earlier.period.defaultSpan != period.defaultSpan {
                        let line = schema.source.location(of: earlier.range.start).line
                        bag.error("retention period '\(period.name)' defaults to \(period.defaultSpan.text) here but to "
                                    + "\(earlier.period.defaultSpan.text) in '\(earlier.entity)' (line \(line))",
                                  hint: "a period has one default; give both rules the same one or name them differently",
                                  at: rule.range)
                    }
                    continue
                }
                first[period.name] = (period, entity.name, rule.range)
                let property = SwiftSchemaNames.retentionPeriodProperty(period.name)
                if let other = properties[property] {
                    bag.error("retention periods '\(other)' and '\(period.name)' would both be Swift property '\(property)'",
                              hint: "rename one of them", at: rule.range)
                }
                properties[property] = properties[property] ?? period.name
            }
        }
    }
}
