// Conditions: `where` clauses of partial indexes and retention rules.
extension Checker {
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
        case .relatedIsNotNull(let name, let related, let range):
            // Rules by that related time take the term out before their condition gets here.
            bag.error("'\(name.text) -> \(related.entity.text).\(related.field.text) is not null' only says something in a rule by that related time",
                      hint: "write it as a term of 'delete after … by \(name.text) -> \(related.entity.text).\(related.field.text) where …' joined by 'and'",
                      at: range)
            return nil
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
}
