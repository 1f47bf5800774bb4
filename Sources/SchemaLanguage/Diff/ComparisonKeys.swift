/// Values that identify a definition across versions once renames are applied, so a renamed
/// field does not make its index, foreign key or retention rule look changed.

/// A default value compared by what it stores (enum defaults by raw value).
struct DefaultValueKey: Hashable {
    let text: String

    init(_ value: DefaultValue?) {
        switch value {
        case nil: text = "none"
        case .integer(let v): text = String(v)
        case .number(_, let spelling): text = spelling
        case .string(let v): text = "\"\(v)\""
        case .bool(let v): text = String(v)
        case .null: text = "null"
        case .now: text = "now"
        case .generatedUUID: text = "uuid"
        case .enumCase(let c): text = c.rawValue
        case .emptyArray: text = "[]"
        case .emptyObject: text = "{}"
        }
    }
}

/// A foreign key's target (entity, field) in new-schema names, and its delete action.
struct ReferenceKey: Hashable {
    let target: String
    let action: ReferentialAction
    var text: String { target + " on delete \(action.rawValue)" }

    init(_ reference: Reference, entities matching: SchemaMatching, oldSide: Bool) {
        guard oldSide else {
            target = "\(reference.entity).\(reference.field)"
            action = reference.onDelete
            return
        }
        let entity = matching.newEntity(for: reference.entity)
        let field = entity.flatMap { matching.newField(reference.field, ofNewEntity: $0) }
        target = "\(entity ?? "old:" + reference.entity).\(field ?? "old:" + reference.field)"
        action = reference.onDelete
    }
}

/// An index's definition with field names mapped into the new schema.
struct IndexKey: Hashable {
    let columns: [String]
    let unique: Bool
    let condition: Condition?
    let ttl: Int64?

    /// - Parameter fields: old → new field names when the index is from the old schema.
    init(_ index: Index, fields: [String: String]?) {
        let rename: (String) -> String = { name in fields.map { $0[name] ?? "old:" + name } ?? name }
        columns = index.columns.map { rename($0.field) + ($0.descending ? " desc" : "") }
        unique = index.isUnique
        condition = index.condition.map { $0.renamingFields(rename) }
        ttl = index.ttl?.seconds
    }
}

/// A retention rule with field and entity names mapped into the new schema. Rules are matched by
/// their kind alone (what they remove and when); the roll-up is compared once two rules match, so
/// adding, dropping or changing one is a change of the rule (SG611), not the rule removed and added.
struct RuleKey: Hashable {
    let kind: RetentionRule.Kind
    /// The roll-up, renamed like the kind; not part of the key's identity.
    let rollUp: RollUp?

    static func == (lhs: RuleKey, rhs: RuleKey) -> Bool { lhs.kind == rhs.kind }

    func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    init(_ rule: RetentionRule, fields: [String: String]?, entities: [String: String]?) {
        let field = { (name: String) in fields.map { $0[name] ?? "old:" + name } ?? name }
        let entity = { (name: String) in entities.map { $0[name] ?? "old:" + name } ?? name }
        self.kind = rule.kind.renaming(fields: field, entities: entity)
        // The summary's own fields are renamed by its own comparison, so only the swept entity's map here.
        self.rollUp = rule.rollUp.map { rollUp in
            RollUp(into: entity(rollUp.into),
                   groups: rollUp.groups.map { RollUp.Group(field: $0.field, source: field($0.source), byDay: $0.byDay) },
                   aggregates: rollUp.aggregates.map { aggregate in
                       switch aggregate.function {
                       case .count: aggregate
                       case .sum(let summed): RollUp.Aggregate(field: aggregate.field, function: .sum(field(summed)))
                       }
                   })
        }
    }
}

extension RetentionRule.Kind {
    /// The same rule over renamed fields (and archive entities).
    public func renaming(fields field: (String) -> String, entities entity: (String) -> String) -> RetentionRule.Kind {
        switch self {
        case .expire(let after, let f, let condition):
            .expire(after: after, field: field(f), condition: condition?.renamingFields(field))
        case .expireAt(let f, let condition):
            .expireAt(field: field(f), condition: condition?.renamingFields(field))
        case .deactivate(let after, let f, let target, let value, let condition):
            .deactivate(after: after, field: field(f), target: field(target), value: value,
                        condition: condition?.renamingFields(field))
        case .deactivateAt(let f, let target, let value, let condition):
            .deactivateAt(field: field(f), target: field(target), value: value, condition: condition?.renamingFields(field))
        case .archive(let after, let f, let into, let condition):
            .archive(after: after, field: field(f), into: entity(into), condition: condition?.renamingFields(field))
        case .expireByRelated(let after, let time, let condition):
            .expireByRelated(after: after, time: time.renaming(fields: field, entities: entity), condition: condition?.renamingFields(field))
        case .archiveByRelated(let after, let time, let into, let condition):
            .archiveByRelated(after: after, time: time.renaming(fields: field, entities: entity), into: entity(into),
                              condition: condition?.renamingFields(field))
        case .cap(let count, let per, let f):
            .cap(count: count, per: per.map(field), field: field(f))
        case .expireEntries(let after, let array, let f):
            // The element's field belongs to the nested type, whose renames are changes of their own.
            .expireEntries(after: after, array: field(array), field: f)
        case .appendOnly, .forever:
            self
        }
    }
}

extension RelatedTime {
    /// The same related time over a renamed foreign key and referenced entity. The referenced
    /// entity's own field renames are changes of that entity.
    func renaming(fields field: (String) -> String, entities entity: (String) -> String) -> RelatedTime {
        RelatedTime(via: field(via), entity: entity(self.entity), key: key, field: self.field)
    }
}

extension Condition {
    /// The same condition over renamed fields.
    public func renamingFields(_ rename: (String) -> String) -> Condition {
        switch self {
        case .comparison(let field, let op, let value): .comparison(field: rename(field), op, value)
        case .isIn(let field, let values): .isIn(field: rename(field), values)
        case .isNull(let field): .isNull(field: rename(field))
        case .isNotNull(let field): .isNotNull(field: rename(field))
        case .and(let a, let b): .and(a.renamingFields(rename), b.renamingFields(rename))
        case .or(let a, let b): .or(a.renamingFields(rename), b.renamingFields(rename))
        case .not(let a): .not(a.renamingFields(rename))
        }
    }
}
