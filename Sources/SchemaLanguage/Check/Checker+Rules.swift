extension Checker {
    // MARK: Conditions

    mutating func resolveCondition(_ syntax: ConditionSyntax, in entity: Entity) -> Condition? {
        switch syntax {
        case .parenthesized(let inner, _):
            return resolveCondition(inner, in: entity)
        case .not(let inner, _):
            return resolveCondition(inner, in: entity).map(Condition.not)
        case .and(let left, let right):
            let l = resolveCondition(left, in: entity), r = resolveCondition(right, in: entity)
            guard let l, let r else { return nil }
            return .and(l, r)
        case .or(let left, let right):
            let l = resolveCondition(left, in: entity), r = resolveCondition(right, in: entity)
            guard let l, let r else { return nil }
            return .or(l, r)
        case .isNull(let name, let negated, _):
            guard let field = requireField(name, in: entity, role: "condition field") else { return nil }
            if !field.isOptional {
                bag.warning("'\(field.name)' is required, so it is never null",
                            hint: "make it optional or drop this test", at: name.range)
            }
            return negated ? .isNotNull(field: field.name) : .isNull(field: field.name)
        case .comparison(let name, let comparison, let value):
            guard let field = requireField(name, in: entity, role: "condition field") else { return nil }
            if case .null = value.kind {
                bag.error("compare with null using 'is null' or 'is not null'",
                          hint: "write \(name.text) is \(comparison == .notEqual ? "not " : "")null", at: value.range)
                return nil
            }
            if comparison != .equal && comparison != .notEqual {
                if case .enumeration = field.type { return orderingError(field, value.range) }
                if field.type == .bool { return orderingError(field, value.range) }
            }
            return literal(value, for: field).map { .comparison(field: field.name, comparison, $0) }
        case .isIn(let name, let values, let range):
            guard let field = requireField(name, in: entity, role: "condition field") else { return nil }
            if values.isEmpty {
                bag.error("'in' needs at least one value", hint: "write \(name.text) in (a, b)", at: range)
                return nil
            }
            let literals = values.compactMap { literal($0, for: field) }
            return literals.count == values.count ? .isIn(field: field.name, literals) : nil
        }
    }

    mutating func orderingError(_ field: Field, _ range: SourceRange) -> Condition? {
        bag.error("\(field.type.spelling) field '\(field.name)' can only be compared with = and !=",
                  hint: "use = or in (...)", at: range)
        return nil
    }

    /// A literal typed by the field it is compared with or assigned to.
    mutating func literal(_ value: ValueSyntax, for field: Field) -> Literal? {
        func mismatch(_ hint: String) -> Literal? {
            bag.error("value does not match \(field.type.spelling) field '\(field.name)'", hint: hint, at: value.range)
            return nil
        }
        switch (value.kind, field.type) {
        case (.null, _):
            return field.isOptional ? .null : mismatch("'\(field.name)' is required and never null")
        case (.bool(let flag), .bool):
            return .bool(flag)
        case (.integer(let integer), let type) where type.isNumeric:
            return .integer(integer)
        case (.number(let double, let text), .double), (.number(let double, let text), .decimal):
            return .number(double, text: text)
        case (.string(let string), let type) where type.isText:
            return .string(string.value)
        case (.identifier(let name), .enumeration(let enumeration)):
            guard let enumCase = enumeration.cases.first(where: { $0.name == name }) else {
                return mismatch("cases are " + enumeration.cases.map(\.name).joined(separator: ", ")
                                + Self.suggestion(for: name, among: enumeration.cases.map(\.name)))
            }
            return .enumCase(name: enumCase.name, rawValue: enumCase.rawValue)
        case (.string(let string), .enumeration(let enumeration)):
            guard let enumCase = enumeration.cases.first(where: { $0.rawValue == string.value }) else {
                return mismatch("raw values are " + enumeration.rawValues.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            return .enumCase(name: enumCase.name, rawValue: enumCase.rawValue)
        case (.identifier(let name), _):
            return mismatch(field.type.isText ? "quote text: \"\(name)\"" : "write a \(field.type.spelling) value")
        default:
            return mismatch(field.type.isTemporal ? "timestamps are compared by retention ages, not literals"
                            : "write a \(field.type.spelling) value")
        }
    }

    // MARK: Retention

    mutating func resolveRetention(_ syntax: RetainSyntax, into entity: inout Entity) {
        for rule in syntax.rules {
            let source = self.syntax.file.text(of: rule.range).trimmingCharacters(in: .whitespaces)
            guard let kind = resolveRule(rule.kind, in: entity) else { continue }
            let resolvedRule = RetentionRule(kind: kind, source: source, location: location(rule.range))
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

    mutating func resolveRule(_ kind: RetentionRuleKind, in entity: Entity) -> RetentionRule.Kind? {
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
            if into.text == entity.name {
                bag.error("'\(entity.name)' cannot archive into itself", hint: "declare an archive entity with 'like'", at: into.range)
                return nil
            }
            guard entitySyntax[into.text] != nil else {
                bag.error("archive entity '\(into.text)' is not declared",
                          hint: "add 'table \(into.text) like \(entity.name) { }'", at: into.range)
                return nil
            }
            guard let span, let field, let filter else { return nil }
            archiveChecks.append((entity.name, into))
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
        case .appendOnly:
            return .appendOnly
        case .forever:
            return .forever
        }
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
            case .deactivate, .deactivateAt: true
            default: false
            }
            if keeper.kind == .forever && changesOnly { continue }
            bag.error("'\(rule.source)' contradicts '\(keeper.source)'",
                      hint: keeper.kind == .appendOnly ? "append-only rows are never updated or deleted"
                        : "rows kept forever are never deleted", at: rangeOf(rule.location))
        }
        if keeper.kind == .appendOnly {
            if entity.access.restrictsWriters && (!entity.access.update.isEmpty || !entity.access.delete.isEmpty) {
                bag.error("append-only '\(entity.name)' grants update or delete access",
                          hint: "remove the update:/delete: lines", at: rangeOf(keeper.location))
            }
            for field in entity.fields where field.updatesOnWrite {
                bag.warning("append-only '\(entity.name)' has 'on update now' field '\(field.name)', which never changes",
                            hint: "drop 'on update now'", at: rangeOf(field.location))
            }
        }
    }

    /// A range starting at a resolved location (diagnostics only need the start).
    func rangeOf(_ location: SourceLocation) -> SourceRange {
        // Line starts are computed once: scanning from the top for every field made checking
        // quadratic in the file's size.
        let bytes = syntax.file.bytes
        var offset = lineStarts[max(0, min(location.line, lineStarts.count) - 1)]
        var column = 1
        while column < location.column, offset < bytes.count {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        return SourceRange(start: offset, end: offset)
    }

    // MARK: Access

    mutating func resolveAccess(_ syntax: AccessSyntax, of entity: Entity) -> AccessRules {
        var rules = AccessRules()
        var verbs: Set<AccessVerb> = []
        for item in syntax.items {
            switch item.kind {
            case .owner(let name):
                if rules.owner != nil {
                    bag.error("an entity has one owner field", hint: "remove the second 'owner' line", at: item.range)
                    continue
                }
                guard let field = requireField(name, in: entity, role: "owner field") else { continue }
                if field.isOptional {
                    bag.error("owner field '\(field.name)' must be required", hint: "every row needs an owner: drop the '?'",
                              at: name.range)
                }
                rules.owner = field.name
            case .writers(let verb, let modules):
                rules.restrictsWriters = true
                // Lists of different verbs merge (`write: a` then `update: b`); one verb twice is a slip.
                if !verbs.insert(verb).inserted {
                    bag.error("'\(verb.rawValue):' is listed twice", hint: "list every module on one line", at: item.range)
                }
                let operations: [WriteOperation] = verb == .write ? WriteOperation.allCases : [WriteOperation(rawValue: verb.rawValue)!]
                for operation in operations {
                    for module in modules.map(\.text) {
                        switch operation {
                        case .insert: if !rules.insert.contains(module) { rules.insert.append(module) }
                        case .update: if !rules.update.contains(module) { rules.update.append(module) }
                        case .delete: if !rules.delete.contains(module) { rules.delete.append(module) }
                        }
                    }
                }
            }
        }
        return rules
    }
}
