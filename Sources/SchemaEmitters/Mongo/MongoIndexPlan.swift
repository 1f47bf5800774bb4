import SchemaLanguage

/// One `createIndex` call: key pattern and options.
struct MongoIndex: Sendable {
    /// The index's name (`idx_users_username`).
    var name: String
    /// Document keys with `1` (ascending) or `-1` (descending), in index order.
    var keys: [(key: String, descending: Bool)]
    /// Whether values must be unique.
    var isUnique: Bool
    /// `partialFilterExpression`, for partial indexes.
    var partialFilter: JavaScriptValue?
    /// `expireAfterSeconds`, for TTL indexes (a named period's default).
    var expireAfterSeconds: Int64?
    /// The named retention period `expireAfterSeconds` comes from, read when the script runs.
    var expirePeriod: String? = nil
    /// Why the index exists when it does not come from an index declaration (a retention rule).
    var note: String?

    /// The key pattern, `{ user_id: 1, created_at: -1 }`.
    var keySpec: JavaScriptValue {
        .object(keys.map { (key: $0.key, value: JavaScriptValue.integer($0.descending ? -1 : 1)) })
    }

    /// The options object: name first, then unique, partial filter, TTL.
    var options: JavaScriptValue {
        var pairs: [(key: String, value: JavaScriptValue)] = [(key: "name", value: .string(name))]
        if isUnique { pairs.append((key: "unique", value: .bool(true))) }
        if let partialFilter { pairs.append((key: "partialFilterExpression", value: partialFilter)) }
        if let expirePeriod {
            pairs.append((key: "expireAfterSeconds", value: MongoRetentionPeriods.seconds(expirePeriod)))
        } else if let expireAfterSeconds {
            pairs.append((key: "expireAfterSeconds", value: .integer(expireAfterSeconds)))
        }
        return .object(pairs)
    }
}

/// The indexes of one collection and which of its retention rules they enforce.
///
/// - Declared indexes and unique constraints map one to one (`index (f) ttl 30d` gets
///   `expireAfterSeconds`).
/// - A primary key other than `_id` gets a unique index `pk_<collection>`.
/// - `delete after N by f` with no condition (or only `where f is not null`, which a TTL index
///   implies) becomes a TTL index on `f` with `expireAfterSeconds: N`; `delete at f` one with
///   `expireAfterSeconds: 0`.
///   MongoDB allows one index per key pattern, so when a plain single-field index on `f` is
///   declared it gains the TTL instead of a second index being added; when that index already
///   carries a different TTL (or is partial) the rule is left to `retention.js`.
/// - Every other rule (handled ones, roll-ups) is a job in `retention.js` or none.
struct MongoIndexPlan {
    /// The indexes in creation order.
    let indexes: [MongoIndex]
    /// The retention rules enforced by TTL indexes, with the index enforcing each.
    let rulesEnforcedByTTL: [(rule: RetentionRule, indexName: String)]

    /// Plans the indexes of an entity.
    init(entity: Entity) {
        var indexes = entity.indexes.map { index in
            MongoIndex(
                name: index.name,
                keys: index.columns.map { (key: Self.key($0.field, in: entity), descending: $0.descending) },
                isUnique: index.isUnique,
                partialFilter: index.condition.map { MongoFilter(entity: entity, use: .partialIndex).filter($0) },
                expireAfterSeconds: index.ttl?.seconds)
        }
        let primaryKeys = entity.primaryKeyFields.map(\.physicalName)
        if !primaryKeys.isEmpty && primaryKeys != ["_id"] {
            indexes.insert(MongoIndex(name: "pk_\(Self.baseName(entity))", keys: primaryKeys.map { (key: $0, descending: false) },
                                      isUnique: true, note: "primary key"), at: 0)
        }
        var enforced: [(rule: RetentionRule, indexName: String)] = []
        for rule in entity.retention {
            guard let (field, seconds) = Self.ttl(of: rule) else { continue }
            let key = Self.key(field, in: entity)
            let sameKey = indexes.firstIndex { $0.keys.count == 1 && $0.keys[0].key == key && $0.partialFilter == nil }
            if let position = sameKey {
                // An index with a fixed TTL serves a rule of the same fixed age only: a named period may change.
                let existing = indexes[position]
                guard existing.expireAfterSeconds == nil
                    || (existing.expireAfterSeconds == seconds && existing.expirePeriod == rule.period) else { continue }
                if existing.expireAfterSeconds == nil {
                    indexes[position].expireAfterSeconds = seconds
                    indexes[position].expirePeriod = rule.period
                    indexes[position].note = "TTL from retention rule: \(rule.source)"
                }
                enforced.append((rule, indexes[position].name))
            } else {
                let name = "ttl_\(Self.baseName(entity))_\(key)"
                indexes.append(MongoIndex(name: name, keys: [(key: key, descending: false)], isUnique: false,
                                          expireAfterSeconds: seconds, expirePeriod: rule.period,
                                          note: "TTL from retention rule: \(rule.source)"))
                enforced.append((rule, name))
            }
        }
        self.indexes = indexes
        self.rulesEnforcedByTTL = enforced
    }

    /// Whether a TTL index enforces the rule.
    func enforcesByTTL(_ rule: RetentionRule) -> Bool { rulesEnforcedByTTL.contains { $0.rule == rule } }

    /// The field and `expireAfterSeconds` of a rule MongoDB can enforce with a TTL index.
    private static func ttl(of rule: RetentionRule) -> (field: String, seconds: Int64)? {
        // A TTL index would delete the row before the application acts on it.
        guard !rule.isHandled else { return nil }
        // A TTL index deletes without adding the documents into a summary first.
        guard rule.rollUp == nil else { return nil }
        // A TTL index never deletes a document whose field is null or missing, so a condition that
        // only says so (`where f is not null`) is what the index does anyway.
        let implied = { (field: String, condition: Condition?) in condition == nil || condition == .isNotNull(field: field) }
        return switch rule.kind {
        case .expire(let after, let field, let condition) where implied(field, condition): (field, after.seconds)
        case .expireAt(let field, let condition) where implied(field, condition): (field, 0)
        default: nil
        }
    }

    private static func key(_ field: String, in entity: Entity) -> String {
        entity.field(named: field)?.physicalName ?? field
    }

    /// The physical name without partition placeholders (`todos_{chat_id}` → `todos`), for index names.
    static func baseName(_ entity: Entity) -> String {
        entity.partitionKeys.isEmpty ? entity.physicalName : entity.name
    }
}
