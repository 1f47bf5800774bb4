import SchemaLanguage

/// Retention rules in plain English, e.g. "Deactivated 90 days after `created_at`: `active` set
/// to `false`", followed by the rule as written.
struct RetentionDescription {
    /// Cross-links.
    let links: DocsLinks

    /// One list item per rule: the sentence, then the rule as written in parentheses.
    func lines(for entity: Entity) -> [String] {
        entity.retention.map { rule in
            "- " + sentence(for: rule) + (rule.isHandled ? ", by the application's sweep after it acts on the row" : "")
                + (rule.period.map { "; the age is the retention period \(Markdown.code($0)), which the application may set" } ?? "")
                + " (" + Markdown.code(rule.source) + ")"
        }
    }

    /// The rule as a sentence.
    func sentence(for rule: RetentionRule) -> String {
        switch rule.kind {
        case .expire(let after, let field, let condition):
            return "Deleted \(age(after, field))" + when(condition) + (rule.rollUp.map(rolledUp) ?? "")
        case .expireAt(let field, let condition):
            return "Deleted once \(Markdown.code(field)) has passed" + when(condition)
        case .deactivate(let after, let field, let target, let value, let condition):
            return "Deactivated \(age(after, field))" + when(condition) + ": " + assignment(target, value)
        case .deactivateAt(let field, let target, let value, let condition):
            return "Deactivated once \(Markdown.code(field)) has passed" + when(condition) + ": " + assignment(target, value)
        case .archive(let after, let field, let archive, let condition):
            return "Archived \(age(after, field))" + when(condition) + ": moved to " + links.entity(archive)
        case .expireByRelated(let after, let time, let condition):
            return "Deleted \(relatedAge(after, time))" + when(condition)
        case .archiveByRelated(let after, let time, let archive, let condition):
            return "Archived \(relatedAge(after, time))" + when(condition) + ": moved to " + links.entity(archive)
        case .cap(let count, let groups, let field):
            let scope = groups.isEmpty ? "" : " per " + groups.map(Markdown.code).joined(separator: ", ")
            return "Capped: only the newest \(count)\(scope) by \(Markdown.code(field)) are kept, older ones are deleted"
        case .expireEntries(let after, let array, let field):
            return "Entries of \(Markdown.code(array)) deleted \(SchemaSpelling.words(after)) after their \(Markdown.code(field))"
                + " (the record stays)"
        case .appendOnly:
            return "Append-only: never updated or deleted"
        case .forever:
            return "Kept forever"
        }
    }

    /// ", after being added into [daily_stats](…) by `guild_id`, day of `created_at` (`rows` counts
    /// them, `amount` sums `amount`)".
    private func rolledUp(_ rollUp: RollUp) -> String {
        let keys = rollUp.groups.map { group in
            group.byDay ? "day of \(Markdown.code(group.source))" : Markdown.code(group.source)
        }
        let totals = rollUp.aggregates.map { aggregate in
            switch aggregate.function {
            case .count: "\(Markdown.code(aggregate.field)) counts them"
            case .sum(let summed): "\(Markdown.code(aggregate.field)) sums \(Markdown.code(summed))"
            }
        }
        return ", after being added into " + links.entity(rollUp.into) + " by " + keys.joined(separator: ", ")
            + " (" + totals.joined(separator: ", ") + "; in the same transaction as the delete)"
    }

    private func age(_ span: TimeSpan, _ field: String) -> String {
        "\(SchemaSpelling.words(span)) after \(Markdown.code(field))"
    }

    /// "180 days after `last_seen` of the [users](…) row its `user_id` references (never while that
    /// row is missing or has no `last_seen`)".
    private func relatedAge(_ span: TimeSpan, _ time: RelatedTime) -> String {
        "\(SchemaSpelling.words(span)) after \(Markdown.code(time.field)) of the \(links.entity(time.entity)) row its "
            + "\(Markdown.code(time.via)) references (never while that row is missing or has no \(Markdown.code(time.field)))"
    }

    private func when(_ condition: Condition?) -> String {
        condition.map { " when " + Markdown.code(SchemaSpelling.condition($0)) } ?? ""
    }

    private func assignment(_ target: String, _ value: Literal) -> String {
        "\(Markdown.code(target)) set to \(Markdown.code(SchemaSpelling.literal(value)))"
    }
}
