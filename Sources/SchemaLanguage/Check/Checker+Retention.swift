import Foundation

// Retention: rules, their consistency, the rows they never reach, archives.
extension Checker {
    mutating func resolveRetention(_ syntax: RetainSyntax, into entity: inout Entity) {
        for rule in syntax.rules {
            let source = self.syntax.file.text(of: rule.range).trimmingCharacters(in: .whitespaces)
            guard let kind = resolveRule(rule.kind, relatedTime: rule.relatedTime, in: entity) else { continue }
            if rule.isHandled, rule.relatedTime != nil {
                bag.error("a handled rule reads its own entity's time",
                          hint: "drop 'handled', or give the entity a time field of its own", at: rule.range)
                continue
            }
            if rule.isHandled, case .expireEntries = kind {
                bag.error("only whole rows can be handled", hint: "drop 'handled': entries are removed from the row, which stays",
                          at: rule.range)
                continue
            }
            var resolvedRule = RetentionRule(kind: kind, source: source, range: rule.range, isHandled: rule.isHandled,
                                             period: Self.periodName(of: rule.kind))
            resolvedRule.requiresRelatedTime = rule.relatedTime != nil && Self.saysRelatedTimeIsSet(rule.kind)
            if let rollUp = rule.rollUp {
                guard let resolvedRollUp = resolveRollUp(rollUp, rule: resolvedRule, in: entity) else { continue }
                resolvedRule.rollUp = resolvedRollUp
                // One line wherever the rule is quoted (job comments, docs, diff), however it was wrapped.
                resolvedRule.source += " " + resolvedRollUp.spelling
            }
            if entity.retention.contains(where: { $0.kind == kind }) {
                bag.error("the same retention rule is written twice", hint: "remove one", at: rule.range)
                continue
            }
            entity.retention.append(resolvedRule)
        }
    }

    /// A rule's optional `where`: `.some(nil)` when absent, nil when it had errors.
    mutating func resolveFilter(_ syntax: ConditionSyntax?, in entity: Entity) -> Condition?? {
        guard let syntax else { return .some(nil) }
        guard let condition = resolveCondition(syntax, in: entity) else { return nil }
        return .some(condition)
    }

    mutating func timestampField(_ name: NameSyntax, in entity: Entity, role: String) -> Field? {
        guard let field = requireField(name, in: entity, role: role) else { return nil }
        guard field.type.isTemporal else {
            bag.error("retention by '\(field.name)', which is \(field.type.spelling), not a timestamp",
                      hint: "retention ages are measured on timestamp or date fields", at: name.range)
            return nil
        }
        return field
    }

    mutating func positiveAge(_ age: TimeSpanSyntax) -> TimeSpan? {
        guard let span = age.span else { return nil }
        guard span.seconds > 0 else {
            bag.error("a retention age must be longer than zero", hint: "write e.g. 30d", at: age.range)
            return nil
        }
        return span
    }

    mutating func resolveRule(_ kind: RetentionRuleKind, relatedTime: RelatedTimeSyntax?, in entity: Entity) -> RetentionRule.Kind? {
        if let relatedTime {
            return resolveRelatedRule(kind, relatedTime: relatedTime, in: entity)
        }
        switch kind {
        case .deleteAfter(let age, let by, let condition):
            let span = positiveAge(age), field = timestampField(by, in: entity, role: "retention field")
            let filter = resolveFilter(condition, in: entity)
            guard let span, let field, let filter else { return nil }
            return .expire(after: span, field: field.name, condition: filter)
        case .deleteAt(let at, let condition):
            let field = timestampField(at, in: entity, role: "expiry field")
            let filter = resolveFilter(condition, in: entity)
            guard let field, let filter else { return nil }
            return .expireAt(field: field.name, condition: filter)
        case .deactivate(let age, let by, let set, let value, let condition):
            let span = positiveAge(age), field = timestampField(by, in: entity, role: "retention field")
            let filter = resolveFilter(condition, in: entity)
            guard let target = deactivationTarget(set, in: entity) else { return nil }
            guard let literal = literal(value, for: target), let span, let field, let filter else { return nil }
            return .deactivate(after: span, field: field.name, target: target.name, value: literal, condition: filter)
        case .deactivateAt(let at, let set, let value, let condition):
            let field = timestampField(at, in: entity, role: "expiry field")
            let filter = resolveFilter(condition, in: entity)
            guard let target = deactivationTarget(set, in: entity) else { return nil }
            guard let literal = literal(value, for: target), let field, let filter else { return nil }
            return .deactivateAt(field: field.name, target: target.name, value: literal, condition: filter)
        case .archive(let age, let by, let into, let condition):
            let span = positiveAge(age), field = timestampField(by, in: entity, role: "retention field")
            let filter = resolveFilter(condition, in: entity)
            guard archiveTarget(into, of: entity) else { return nil }
            guard let span, let field, let filter else { return nil }
            return .archive(after: span, field: field.name, into: into.text, condition: filter)
        case .keepNewest(let count, let per, let by):
            guard count.value >= 1 && count.value <= 1_000_000 else {
                bag.error("keep newest needs a positive count", hint: "write keep newest 50 per user_id by created_at", at: count.range)
                return nil
            }
            let groups = per.compactMap { requireField($0, in: entity, role: "grouping field") }
            guard let order = requireField(by, in: entity, role: "ordering field"), groups.count == per.count else { return nil }
            guard order.type.isTemporal || order.type.isNumeric else {
                bag.error("rows are kept newest by '\(order.name)', which is \(order.type.spelling)",
                          hint: "order by a timestamp or a number", at: by.range)
                return nil
            }
            return .cap(count: Int(count.value), per: groups.map(\.name), field: order.name)
        case .deleteEntries(let array, let age, let by):
            let span = positiveAge(age)
            guard let field = requireField(array, in: entity, role: "array field") else { return nil }
            guard case .array(.nested(let typeName)) = field.type, let type = schema.type(named: typeName) else {
                bag.error("entries expire from an array of a declared type, but '\(field.name)' is \(field.type.spelling)",
                          hint: "declare 'type Entry { …; timestamp timestamp }' and make the field [Entry]", at: array.range)
                return nil
            }
            guard let time = type.fields.first(where: { $0.name == by.text }) else {
                bag.error("'\(by.text)' is not a field of '\(type.name)', the type of '\(field.name)' entries",
                          hint: "name a timestamp field of \(type.name)", at: by.range)
                return nil
            }
            guard time.type.isTemporal else {
                bag.error("entries expire by '\(type.name).\(time.name)', which is \(time.type.spelling), not a timestamp",
                          hint: "retention ages are measured on timestamp or date fields", at: by.range)
                return nil
            }
            guard let span else { return nil }
            return .expireEntries(after: span, array: field.name, field: time.name)
        case .appendOnly:
            return .appendOnly
        case .forever:
            return .forever
        }
    }

    /// Whether `into` can be the archive of `entity`; queues the field-by-field check.
    mutating func archiveTarget(_ into: NameSyntax, of entity: Entity) -> Bool {
        if into.text == entity.name {
            bag.error("'\(entity.name)' cannot archive into itself", hint: "declare an archive entity with 'like'", at: into.range)
            return false
        }
        guard entitySyntax[into.text] != nil else {
            bag.error("archive entity '\(into.text)' is not declared",
                      hint: "add 'table \(into.text) like \(entity.name) { }'", at: into.range)
            return false
        }
        archiveChecks.append((entity.name, into))
        return true
    }

    mutating func deactivationTarget(_ set: NameSyntax, in entity: Entity) -> Field? {
        guard let target = requireField(set, in: entity, role: "deactivated field") else { return nil }
        if entity.primaryKey.contains(target.name) {
            bag.error("deactivate cannot change primary-key field '\(target.name)'",
                      hint: "set a flag such as active = false", at: set.range)
            return nil
        }
        return target
    }

    /// Rules that contradict each other: append-only or forever with rules that delete or update.
    mutating func checkRetentionConsistency(_ entity: Entity) {
        let keepsRows = entity.retention.first { $0.kind == .appendOnly || $0.kind == .forever }
        guard let keeper = keepsRows else { return }
        for rule in entity.retention where rule.isJob {
            let changesOnly: Bool = switch rule.kind {
            case .deactivate, .deactivateAt, .expireEntries: true
            default: false
            }
            if keeper.kind == .forever && changesOnly { continue }
            bag.error("'\(rule.source)' contradicts '\(keeper.source)'",
                      hint: keeper.kind == .appendOnly ? "append-only rows are never updated or deleted"
                        : "rows kept forever are never deleted", at: rule.range)
        }
        if keeper.kind == .appendOnly {
            if entity.access.restrictsWriters && (!entity.access.update.isEmpty || !entity.access.delete.isEmpty) {
                bag.error("append-only '\(entity.name)' grants update or delete access",
                          hint: "remove the update:/delete: lines", at: keeper.range)
            }
            for field in entity.fields where field.updatesOnWrite {
                bag.warning("append-only '\(entity.name)' has 'on update now' field '\(field.name)', which never changes",
                            hint: "drop 'on update now'", at: field.range)
            }
        }
    }

    /// A retention rule never reaches rows whose time field is null; say so unless the rule's own
    /// condition (`where f is not null`) shows that is intended.
    mutating func warnOptionalRetentionTimes() {
        for entity in schema.entities {
            for rule in entity.retention where rule.silentlySkipsNullTimes(in: entity) {
                guard let field = rule.timeField.flatMap(entity.field(named:)) else { continue }
                bag.warning("'\(rule.source)' never reaches rows of '\(entity.name)' whose '\(field.name)' is null",
                            hint: "make '\(field.name)' required, or end the rule with 'where \(field.name) is not null' to say so",
                            at: rule.range)
            }
        }
    }

    /// An archive must hold every source field with the same type, and accept nulls the source has.
    mutating func checkArchives() {
        for (sourceName, into) in archiveChecks {
            guard let source = resolved[sourceName], let archive = resolved[into.text] else { continue }
            if archive.kind != source.kind {
                bag.error("'\(source.name)' is a \(source.kind.rawValue) but archive '\(archive.name)' is a \(archive.kind.rawValue)",
                          hint: "archive into the same kind of entity", at: into.range)
                continue
            }
            for field in source.fields {
                guard let copy = archive.field(named: field.name) else {
                    bag.error("archive '\(archive.name)' has no field '\(field.name)' of '\(source.name)'",
                              hint: "declare it with 'like \(source.name)'", at: into.range)
                    continue
                }
                if Self.storageType(copy.type) != Self.storageType(field.type) || (field.isOptional && !copy.isOptional) {
                    bag.error("archive field '\(archive.name).\(copy.name)' does not match '\(source.name).\(field.name)'",
                              hint: "declare it as \(field.type.spelling)\(field.isOptional ? "?" : "")", at: into.range)
                }
            }
            if let owner = source.access.owner, archive.access.owner != owner {
                bag.error("archive '\(archive.name)' of owner-scoped '\(source.name)' is not scoped by '\(owner)'",
                          hint: "declare it with 'like \(source.name)', or add 'access { owner \(owner) }'", at: into.range)
            }
            for field in archive.fields where source.field(named: field.name) == nil && field.isRequiredOnInsert {
                bag.error("archive '\(archive.name)' requires field '\(field.name)', which '\(source.name)' does not have",
                          hint: "make it optional or give it a default", at: into.range)
            }
        }
    }
}
