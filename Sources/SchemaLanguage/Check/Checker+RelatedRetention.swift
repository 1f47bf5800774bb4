// Retention by a related row's time: `delete after 180d by user_id -> users.last_seen`.
//
// The `by` field must be a foreign key of the entity; the rule is due for a row when the row it
// references exists, its time field is set and older than the age. A missing referenced row, a
// null foreign key or a null time never makes a row due.
extension Checker {
    mutating func resolveRelatedRule(_ kind: RetentionRuleKind, relatedTime: RelatedTimeSyntax, in entity: Entity) -> RetentionRule.Kind? {
        let age: TimeSpanSyntax, by: NameSyntax, condition: ConditionSyntax?
        var into: NameSyntax?
        switch kind {
        case .deleteAfter(let a, let b, let c): (age, by, condition) = (a, b, c)
        case .archive(let a, let b, let i, let c): (age, by, condition, into) = (a, b, c, i)
        default:
            bag.error("only 'delete after' and 'archive after' read a related row's time",
                      hint: "write delete after 180d by user_id -> users.last_seen", at: relatedTime.entity.range)
            return nil
        }
        let span = positiveAge(age)
        let (rest, terms) = Self.relatedTimeTerms(in: condition)
        for term in terms where term.field.text != by.text || term.related.entity.text != relatedTime.entity.text
            || term.related.field.text != relatedTime.field.text {
            let rule = "\(by.text) -> \(relatedTime.entity.text).\(relatedTime.field.text)"
            bag.error("the rule reads \(rule), not \(term.field.text) -> \(term.related.entity.text).\(term.related.field.text)",
                      hint: "write where \(rule) is not null", at: term.range)
        }
        let filter = resolveFilter(rest, in: entity)
        guard let via = requireField(by, in: entity, role: "foreign key") else { return nil }
        guard let reference = via.reference else {
            bag.error("'\(via.name)' is not a foreign key, so '-> \(relatedTime.entity.text).\(relatedTime.field.text)' names no row",
                      hint: "declare it as \(via.name) \(via.type.spelling) -> \(relatedTime.entity.text).<key>", at: by.range)
            return nil
        }
        guard reference.entity == relatedTime.entity.text else {
            bag.error("'\(via.name)' references '\(reference.entity)', not '\(relatedTime.entity.text)'",
                      hint: "write by \(via.name) -> \(reference.entity).<time field>", at: relatedTime.entity.range)
            return nil
        }
        if let into, !archiveTarget(into, of: entity) { return nil }
        guard let span, let filter else { return nil }
        relatedTimeChecks.append((entity.name, relatedTime))
        let time = RelatedTime(via: via.name, entity: reference.entity, key: reference.field, field: relatedTime.field.text)
        if let into { return .archiveByRelated(after: span, time: time, into: into.text, condition: filter) }
        return .expireByRelated(after: span, time: time, condition: filter)
    }

    /// The `<fk> -> <entity>.<time> is not null` terms of a rule's condition (top-level terms joined
    /// by `and`), and the condition without them: they say rows without a related time are left
    /// alone on purpose, which the rule's job does anyway, so they filter nothing.
    static func relatedTimeTerms(in condition: ConditionSyntax?)
        -> (rest: ConditionSyntax?, terms: [(field: NameSyntax, related: RelatedTimeSyntax, range: SourceRange)]) {
        switch condition {
        case .relatedIsNotNull(let field, let related, let range)?:
            return (nil, [(field, related, range)])
        case .and(let left, let right)?:
            let l = relatedTimeTerms(in: left), r = relatedTimeTerms(in: right)
            let rest: ConditionSyntax? = switch (l.rest, r.rest) {
            case (let a?, let b?): .and(a, b)
            case (let a?, nil): a
            case (nil, let b): b
            }
            return (rest, l.terms + r.terms)
        default:
            return (condition, [])
        }
    }

    /// Whether a rule by a related time says `where <fk> -> <entity>.<time> is not null`.
    static func saysRelatedTimeIsSet(_ kind: RetentionRuleKind) -> Bool {
        switch kind {
        case .deleteAfter(_, _, let condition), .archive(_, _, _, let condition): !relatedTimeTerms(in: condition).terms.isEmpty
        default: false
        }
    }

    /// The related entity is another entity of the same kind (a table's job joins a table, a
    /// collection's a collection) and its time field exists and is a timestamp.
    mutating func checkRelatedTimes() {
        for (entityName, related) in relatedTimeChecks {
            guard let entity = resolved[entityName], let target = resolved[related.entity.text] else { continue }
            // MySQL cannot read the table a DELETE removes rows from in a subquery.
            if target.name == entity.name {
                bag.error("'\(entity.name)' cannot read its own rows' times through a foreign key",
                          hint: "a rule by a related time reads another entity; use 'by <field>' for the row's own time",
                          at: related.entity.range)
                continue
            }
            if target.kind != entity.kind {
                bag.error("'\(entity.name)' is a \(entity.kind.rawValue) but '\(target.name)' is a \(target.kind.rawValue)",
                          hint: "a rule reads the time of an entity of the same kind", at: related.entity.range)
                continue
            }
            guard let field = target.field(named: related.field.text) else {
                bag.error("'\(target.name)' has no field '\(related.field.text)'",
                          hint: "name a timestamp field of \(target.name)", at: related.field.range)
                continue
            }
            if !field.type.isTemporal {
                bag.error("retention by '\(target.name).\(field.name)', which is \(field.type.spelling), not a timestamp",
                          hint: "retention ages are measured on timestamp or date fields", at: related.field.range)
            }
        }
    }

    /// A rule by a related time never reaches rows whose related row has no time: say so, as for
    /// an optional time of the entity itself, unless the rule says it is intended.
    mutating func warnOptionalRelatedTimes() {
        for entity in schema.entities {
            for rule in entity.retention {
                guard let time = rule.relatedTime, !rule.requiresRelatedTime,
                      let field = schema.entity(named: time.entity)?.field(named: time.field), field.isOptional else { continue }
                bag.warning("'\(rule.source)' never reaches rows of '\(entity.name)' whose '\(time.entity).\(field.name)' is null",
                            hint: "make '\(time.entity).\(field.name)' required if every row should come of age, or say it is intended: "
                                + "where \(time.via) -> \(time.entity).\(time.field) is not null", at: rule.range)
            }
        }
    }
}
