import SchemaLanguage

/// Turns an entity's retention rules (and TTL indexes) into `RetentionAction` expressions.
struct SwiftRetention {
    let names: SwiftNames
    let entity: SwiftEntity

    /// One `RetentionAction` expression per rule that runs as a job, then one per TTL index.
    func actions() -> [String] {
        var out: [String] = []
        for rule in entity.entity.retention {
            switch rule.kind {
            case .expire(let age, let field, let condition):
                out.append(".expire(column: \(column(field)), age: \(age.seconds), condition: \(rowCondition(condition)))")
            case .expireAt(let field, let condition):
                out.append(".expire(column: \(column(field)), age: nil, condition: \(rowCondition(condition)))")
            case .deactivate(let age, let field, let target, let value, let condition):
                out.append(".deactivate(column: \(column(field)), age: \(age.seconds), target: \(column(target)), value: \(literal(value, field: target)), condition: \(rowCondition(condition)))")
            case .deactivateAt(let field, let target, let value, let condition):
                out.append(".deactivate(column: \(column(field)), age: nil, target: \(column(target)), value: \(literal(value, field: target)), condition: \(rowCondition(condition)))")
            case .archive(let age, let field, let into, let condition):
                guard let archive = names.entity(named: into), let source = entity.field(named: field) else { continue }
                let mapping = archive.fields.map { target in
                    entity.fields.first { $0.physical == target.physical }.map { "\($0.position)" } ?? "nil"
                }
                let columns = entity.fields.map { "\(SwiftCode.literal($0.physical)): \($0.position)" }.joined(separator: ", ")
                out.append(".archive(column: \(source.position), age: \(age.seconds), into: \(SwiftCode.literal(archive.table)), mapping: [\(mapping.joined(separator: ", "))], condition: \(rowCondition(condition)), columns: [\(columns)])")
            case .cap(let count, let per, let field):
                guard let order = entity.field(named: field) else { continue }
                let groups = per.compactMap { entity.field(named: $0)?.position }.map(String.init).joined(separator: ", ")
                out.append(".cap(CapRule(count: \(count), groupPositions: [\(groups)], orderPosition: \(order.position), index: nil))")
            case .appendOnly, .forever:
                continue
            }
        }
        for (index, field, ttl) in ttlIndexes() {
            _ = index
            out.append(".expire(column: \(column(field)), age: \(ttl.seconds), condition: nil)")
        }
        return out
    }

    /// TTL indexes not already covered by an identical `delete after` rule.
    func ttlIndexes() -> [(Index, String, TimeSpan)] {
        entity.entity.indexes.compactMap { index -> (Index, String, TimeSpan)? in
            guard let ttl = index.ttl, let field = index.fieldNames.first else { return nil }
            let covered = entity.entity.retention.contains { rule in
                if case .expire(let age, let ruleField, nil) = rule.kind { return age == ttl && ruleField == field }
                return false
            }
            return covered ? nil : (index, field, ttl)
        }
    }

    /// Schema spellings of the TTL indexes that add a rule.
    func ttlSources() -> [String] {
        ttlIndexes().map { "index (\($0.1)) ttl \($0.2.text)" }
    }

    private func column(_ field: String) -> String {
        SwiftCode.literal(entity.field(named: field)?.physical ?? field)
    }

    private func literal(_ literal: Literal, field: String) -> String {
        switch literal {
        case .integer(let value):
            if let scale = entity.field(named: field)?.decimalScale {
                var scaled = value
                for _ in 0..<scale { scaled *= 10 }
                return ".int(\(scaled))"
            }
            if entity.field(named: field)?.field.type == .double { return ".double(\(value))" }
            return ".int(\(value))"
        case .number(_, let text): return ".double(\(text))"
        case .string(let text): return ".string(\(SwiftCode.literal(text)))"
        case .bool(let flag): return ".bool(\(flag))"
        case .null: return ".null"
        case .enumCase(_, let raw): return ".string(\(SwiftCode.literal(raw)))"
        }
    }

    /// A `RowCondition` expression, or `nil`.
    func rowCondition(_ condition: Condition?) -> String {
        guard let condition else { return "nil" }
        return expression(condition)
    }

    private func expression(_ condition: Condition) -> String {
        switch condition {
        case .comparison(let field, let op, let value):
            let name = switch op {
            case .equal: "equal"
            case .notEqual: "notEqual"
            case .less: "less"
            case .lessOrEqual: "lessOrEqual"
            case .greater: "greater"
            case .greaterOrEqual: "greaterOrEqual"
            }
            return ".compare(\(column(field)), .\(name), \(literal(value, field: field)))"
        case .isIn(let field, let values):
            return ".or([\(values.map { ".compare(\(column(field)), .equal, \(literal($0, field: field)))" }.joined(separator: ", "))])"
        case .isNull(let field): return ".isNull(\(column(field)))"
        case .isNotNull(let field): return ".isNotNull(\(column(field)))"
        case .and(let left, let right): return ".and([\(expression(left)), \(expression(right))])"
        case .or(let left, let right): return ".or([\(expression(left)), \(expression(right))])"
        case .not(let inner): return ".not(\(expression(inner)))"
        }
    }
}
