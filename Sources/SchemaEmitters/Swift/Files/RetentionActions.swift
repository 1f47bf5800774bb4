import SchemaLanguage

/// An entity's retention rules (and TTL indexes) as `RetentionAction` expressions, columns by name.
struct RetentionActions {
    let names: SwiftNames
    let entity: SwiftEntity

    /// What an action of ``actions()`` comes from: a rule of the entity, or a TTL index.
    enum Origin {
        case rule(RetentionRule)
        case ttl(field: String, lifetime: TimeSpan)
    }

    /// One `RetentionAction` per rule that runs as a job, then one per TTL index.
    func actions() -> [SwiftExpression] { entries().map(\.action) }

    /// What each action of ``actions()`` comes from, in the same order: another backend's
    /// sweep (PostgreSQL's generated retention SQL) pairs its jobs with the actions by position.
    func origins() -> [Origin] { entries().map(\.origin) }

    private func entries() -> [(origin: Origin, action: SwiftExpression)] {
        let conditions = RowConditionExpression(names: names, entity: entity)
        func action(_ name: String, _ arguments: [(String, SwiftExpression)]) -> SwiftExpression {
            .call(".\(name)", arguments.map { SwiftArgument($0.0, $0.1) })
        }
        var out: [(origin: Origin, action: SwiftExpression)] = []
        for rule in entity.entity.retention {
            func append(_ action: SwiftExpression) { out.append((.rule(rule), action)) }
            // A named period's age is the caller's (checked by the runtime), the schema's default otherwise.
            func age(_ span: TimeSpan?) -> SwiftExpression {
                if let period = rule.period { return Self.periodAge(period) }
                return span.map { .code("\($0.seconds)") } ?? .nil
            }
            // A `handled delete` deletes the same rows as its plain rule, after the application's handler.
            let deletion = rule.isHandled ? "handled" : "expire"
            switch rule.kind {
            case .expire(let span, let field, let condition) where rule.rollUp != nil:
                guard let rollUp = rule.rollUp, let target = rollUpTarget(rollUp) else { continue }
                append(action("rollUp", [("column", conditions.column(field)), ("age", age(span)),
                                         ("condition", conditions.optional(condition)), ("into", target)]))
            case .expire(let span, let field, let condition):
                append(action(deletion, [("column", conditions.column(field)), ("age", age(span)), ("condition", conditions.optional(condition))]))
            case .expireAt(let field, let condition):
                append(action(deletion, [("column", conditions.column(field)), ("age", .nil), ("condition", conditions.optional(condition))]))
            case .deactivate(let span, let field, let target, let value, let condition):
                append(action("deactivate", [("column", conditions.column(field)), ("age", age(span)), ("target", conditions.column(target)),
                                                 ("value", conditions.literal(value, field: target)), ("condition", conditions.optional(condition))]))
            case .deactivateAt(let field, let target, let value, let condition):
                append(action("deactivate", [("column", conditions.column(field)), ("age", .nil), ("target", conditions.column(target)),
                                                 ("value", conditions.literal(value, field: target)), ("condition", conditions.optional(condition))]))
            case .archive(let span, let field, let into, let condition):
                guard let archive = names.entity(named: into) else { continue }
                append(action("archive", [("column", conditions.column(field)), ("age", age(span)), ("into", .string(archive.table)),
                                              ("condition", conditions.optional(condition))]))
            case .expireByRelated(let span, let time, let condition):
                guard let related = relatedTime(time) else { continue }
                append(action("expireByRelated", [("time", related), ("age", age(span)), ("condition", conditions.optional(condition))]))
            case .archiveByRelated(let span, let time, let into, let condition):
                guard let related = relatedTime(time), let archive = names.entity(named: into) else { continue }
                append(action("archiveByRelated", [("time", related), ("age", age(span)), ("into", .string(archive.table)),
                                                       ("condition", conditions.optional(condition))]))
            case .cap(let count, let per, let field):
                append(action("cap", [("count", .integer(count)), ("per", .array(per.map(conditions.column))),
                                          ("order", conditions.column(field))]))
            case .expireEntries(let span, let array, let field):
                guard let column = entity.field(named: array), case .array(.nested(let typeName)) = column.field.type,
                      let element = names.schema.type(named: typeName)?.fields.first(where: { $0.name == field }) else { continue }
                // Only generated code knows the element type: it decodes the array, drops old entries, encodes it again.
                let time = SwiftNames.field(element, position: 0).property
                let prune = "{ try Retention.expiringEntries($0, of: \(SwiftNames.swiftType(.nested(typeName))).self, before: $1) { $0.\(time) } }"
                append(action("expireEntries", [("column", conditions.column(array)), ("age", age(span)), ("prune", .code(prune))]))
            case .appendOnly, .forever:
                continue
            }
        }
        for (field, ttl) in ttlIndexes() {
            out.append((.ttl(field: field, lifetime: ttl),
                        action("expire", [("column", conditions.column(field)), ("age", .code("\(ttl.seconds)")), ("condition", .nil)])))
        }
        return out
    }

    /// `RelatedTime(via: "user_id", table: "users", key: "user_id", column: "last_seen")`, columns by physical name.
    func relatedTime(_ time: RelatedTime) -> SwiftExpression? {
        guard let related = names.entity(named: time.entity), let via = entity.field(named: time.via),
              let key = related.field(named: time.key), let column = related.field(named: time.field) else { return nil }
        return .call("RelatedTime", [SwiftArgument("via", .string(via.physical)), SwiftArgument("table", .string(related.table)),
                                     SwiftArgument("key", .string(key.physical)), SwiftArgument("column", .string(column.physical))])
    }

    /// `RollUpTarget(table: "daily_stats", keys: [.init(column: "day", source: "created_at", byDay: true)], totals: […])`,
    /// columns by physical name.
    func rollUpTarget(_ rollUp: RollUp) -> SwiftExpression? {
        guard let summary = names.entity(named: rollUp.into) else { return nil }
        var keys: [SwiftExpression] = []
        for group in rollUp.groups {
            guard let column = summary.field(named: group.field), let source = entity.field(named: group.source) else { return nil }
            keys.append(.call("RollUpKey", [SwiftArgument("column", .string(column.physical)),
                                                   SwiftArgument("source", .string(source.physical)),
                                                   SwiftArgument("byDay", .code(group.byDay ? "true" : "false"))]))
        }
        var totals: [SwiftExpression] = []
        for aggregate in rollUp.aggregates {
            guard let column = summary.field(named: aggregate.field) else { return nil }
            var arguments = [SwiftArgument("column", .string(column.physical))]
            if case .sum(let summed) = aggregate.function {
                guard let source = entity.field(named: summed) else { return nil }
                arguments.append(SwiftArgument("summed", .string(source.physical)))
            }
            totals.append(.call("RollUpTotal", arguments))
        }
        return .call("RollUpTarget", [SwiftArgument("table", .string(summary.table)), SwiftArgument("keys", .array(keys)),
                                      SwiftArgument("totals", .array(totals))])
    }

    /// `try Retention.period(periods.warningExpiry, named: "warning_expiry")`: a named period's
    /// age, refused by the runtime when it is not a usable length.
    static func periodAge(_ period: String) -> SwiftExpression {
        .call("try Retention.period", [
            SwiftArgument(nil, .code("periods.\(SwiftNaming.escaped(SwiftSchemaNames.retentionPeriodProperty(period)))")),
            SwiftArgument("named", .string(period)),
        ])
    }

    /// Whether a rule's age is a named period: the rules then depend on the periods in force.
    var usesPeriods: Bool { entity.entity.retention.contains { $0.namedPeriod != nil } }

    /// Whether a rule needs the application's handler (`handled delete`).
    var hasHandledRules: Bool { entity.entity.retention.contains(where: \.isHandled) }

    /// TTL indexes (field, lifetime) not already covered by an identical `delete after` rule.
    func ttlIndexes() -> [(String, TimeSpan)] {
        entity.entity.indexes.compactMap { index -> (String, TimeSpan)? in
            guard let ttl = index.ttl, let field = index.fieldNames.first else { return nil }
            let covered = entity.entity.retention.contains { rule in
                if case .expire(let age, let ruleField, nil) = rule.kind { return age == ttl && ruleField == field && rule.period == nil }
                return false
            }
            return covered ? nil : (field, ttl)
        }
    }

    /// Schema spellings of the rules: jobs, then the TTL indexes that add one.
    func sources() -> [String] {
        entity.entity.retention.filter(\.isJob).map(\.source) + ttlIndexes().map { "index (\($0.0)) ttl \($0.1.text)" }
    }
}

/// Schema conditions as `RowCondition` expressions over an entity's physical column names: the
/// catalog's conversion (``StoreCatalogBuilder``) printed by ``StoreSwiftValues``, so a retention
/// condition and a partial index's condition are written the same way.
struct RowConditionExpression {
    let names: SwiftNames
    let entity: SwiftEntity

    /// A column's physical name as a string literal.
    func column(_ field: String) -> SwiftExpression { .string(entity.field(named: field)?.physical ?? field) }

    /// A `StoreValue` literal of `literal` as stored in `field`'s column.
    func literal(_ literal: Literal, field: String) -> SwiftExpression {
        StoreSwiftValues.literal(StoreCatalogBuilder(names.schema).literal(literal, field: entity.entity.field(named: field)))
    }

    /// The condition, or `nil`.
    func optional(_ condition: Condition?) -> SwiftExpression { condition.map(expression) ?? .nil }

    func expression(_ condition: Condition) -> SwiftExpression {
        StoreSwiftValues.condition(StoreCatalogBuilder(names.schema).condition(condition, in: entity.entity))
    }
}
