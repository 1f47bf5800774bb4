import SchemaLanguage

/// Renders schema conditions as MongoDB query filters, with fields under their physical names.
///
/// | condition | filter |
/// | --- | --- |
/// | `f = v` | `{ f: v }` |
/// | `f != v`, `<`, `<=`, `>`, `>=` | `{ f: { $ne / $lt / $lte / $gt / $gte: v } }` |
/// | `f in (a, b)` | `{ f: { $in: [a, b] } }` |
/// | `f is null` | `{ f: null }` (absent or null) |
/// | `f is not null` | `{ f: { $ne: null } }`, or `{ f: { $exists: true } }` in a partial index, which cannot use `$ne` |
/// | `a and b` / `a or b` | `{ $and: [a, b] }` / `{ $or: [a, b] }`, nested runs flattened |
/// | `not c` | `{ $nor: [c] }` |
///
/// Enum cases compare by their stored value.
struct MongoFilter {
    /// Where the filter is used: partial index filters accept fewer operators than queries.
    enum Use {
        case query
        case partialIndex
    }

    /// The entity whose fields the condition reads.
    let entity: Entity
    /// Where the filter is used.
    let use: Use

    /// The filter for a condition.
    func filter(_ condition: Condition) -> JavaScriptValue {
        switch condition {
        case .comparison(let field, let comparison, let literal):
            let value = Self.value(literal)
            guard let op = Self.operatorName(comparison) else { return .object([(key: key(field), value: value)]) }
            return fieldFilter(field, op, value)
        case .isIn(let field, let literals):
            return fieldFilter(field, "$in", .array(literals.map(Self.value)))
        case .isNull(let field):
            return .object([(key: key(field), value: .null)])
        case .isNotNull(let field):
            return use == .partialIndex ? fieldFilter(field, "$exists", .bool(true)) : fieldFilter(field, "$ne", .null)
        case .and:
            return .object([(key: "$and", value: .array(conjuncts(condition).map(filter)))])
        case .or:
            return .object([(key: "$or", value: .array(disjuncts(condition).map(filter)))])
        case .not(let inner):
            return .object([(key: "$nor", value: .array([filter(inner)]))])
        }
    }

    /// `{ $and: [...] }` of the filters, or the single filter, or nil for none.
    static func all(_ filters: [JavaScriptValue]) -> JavaScriptValue? {
        let flattened = filters.flatMap { filter -> [JavaScriptValue] in
            if case .object(let pairs) = filter, pairs.count == 1, pairs[0].key == "$and", case .array(let inner) = pairs[0].value {
                return inner
            }
            return [filter]
        }
        switch flattened.count {
        case 0: return nil
        case 1: return flattened[0]
        default: return .object([(key: "$and", value: .array(flattened))])
        }
    }

    /// A literal as a JavaScript value; enum cases by their stored value.
    static func value(_ literal: Literal) -> JavaScriptValue {
        switch literal {
        case .integer(let value): .integer(value)
        case .number(_, let text): .number(text)
        case .string(let text): .string(text)
        case .bool(let value): .bool(value)
        case .null: .null
        case .enumCase(_, let rawValue): .string(rawValue)
        }
    }

    /// `{ field: { op: value } }`.
    func fieldFilter(_ field: String, _ op: String, _ value: JavaScriptValue) -> JavaScriptValue {
        .object([(key: key(field), value: .object([(key: op, value: value)]))])
    }

    /// The document key of a field.
    func key(_ field: String) -> String { entity.field(named: field)?.physicalName ?? field }

    private static func operatorName(_ comparison: ComparisonOperator) -> String? {
        switch comparison {
        case .equal: nil
        case .notEqual: "$ne"
        case .less: "$lt"
        case .lessOrEqual: "$lte"
        case .greater: "$gt"
        case .greaterOrEqual: "$gte"
        }
    }

    private func conjuncts(_ condition: Condition) -> [Condition] {
        if case .and(let left, let right) = condition { return conjuncts(left) + conjuncts(right) }
        return [condition]
    }

    private func disjuncts(_ condition: Condition) -> [Condition] {
        if case .or(let left, let right) = condition { return disjuncts(left) + disjuncts(right) }
        return [condition]
    }
}
