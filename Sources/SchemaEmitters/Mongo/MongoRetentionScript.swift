import SchemaLanguage

/// Renders `mongo/retention.js`: the retention rules MongoDB cannot enforce with a TTL index,
/// as a mongosh script to run periodically. Each job is commented with the rule as written:
///
/// - `delete after N by f [where c]` → `deleteMany({ f < now - N, c })`
/// - `delete at f [where c]` → `deleteMany({ f <= now, c })`
/// - `deactivate after N by f set t = v [where c]` → `updateMany({ f < now - N, t != v, c }, { $set: { t: v } })`
/// - `deactivate at f set t = v` → the same with `f <= now`
/// - `archive after N by f into a` → `aggregate([{ $match }, { $merge: { into: a } }])`, then `deleteMany` of the same filter
/// - `delete a entries after N by f` → `updateMany({ "a.f" < now - N }, { $pull: { a: { f < now - N } } })`
/// - `delete after N by fk -> e.t` / `archive … into a` → an aggregation with `$lookup` selecting the due ids,
///   then `deleteMany` of those ids / a `$merge` into `a` and `deleteMany` (``MongoRelatedTimeJob``)
/// - `delete after N by f roll up into s …` → the due ids, then per batch `$group` → `$merge` into `s`
///   adding the totals, and `deleteMany` of those ids (``MongoRollUpJob``)
/// - `keep newest N per g by f` → an aggregation ranking each group's documents newest first
///   (`$setWindowFields`, MongoDB 5.0+) and collecting the ids ranked beyond N, then `deleteMany` of those ids
///
/// Rules enforced by TTL indexes (see ``MongoIndexPlan``) and `append only` / `forever` appear as
/// comments only. Jobs on a partitioned collection run on every partition. The age cut-off is
/// computed once per run, so every job of a run agrees on "now".
struct MongoRetentionScript {
    /// The schema scripted.
    let schema: Schema

    /// The script's text.
    func render() -> String {
        var lines = MongoScriptHeader.lines(for: schema, describing: [
            "Retention jobs of \(schema.name): the rules MongoDB does not enforce itself with TTL indexes.",
            "Run periodically (e.g. daily): mongosh \"<connection string>\" retention.js",
        ] + (schema.retentionPeriods.isEmpty ? [] : [
            "Other retention periods for one run: retentionPeriods = { name: seconds }; load(\"retention.js\")",
        ]) + [
            "Every job is idempotent: running it twice removes or changes nothing more.",
        ])
        lines.append(MongoScriptHeader.databaseDeclaration(for: schema))
        lines.append("const now = new Date();")
        lines += MongoRetentionPeriods.declaration(for: schema)
        let sections = schema.collections.filter { !$0.retention.isEmpty }.map(section(for:))
        let used = sections.joined().joined(separator: "\n")
        for helper in Self.helperFunctions where used.contains(helper.name + "(") {
            lines.append("")
            lines += helper.lines
        }
        if sections.isEmpty {
            lines += ["", "// The schema has no retention rules."]
        }
        for section in sections {
            lines.append("")
            lines += section
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The helper functions jobs may call; the script defines the ones its jobs use.
    private static let helperFunctions: [(name: String, lines: [String])] = [
        ("ago", [
            "// The instant `seconds` before this run started.",
            "function ago(seconds) {",
            "  return new Date(now.getTime() - seconds * 1000);",
            "}",
        ]),
        ("partitions", [
            "// The names of a partitioned collection's partitions, in name order.",
            "function partitions(pattern) {",
            "  return database.getCollectionNames().filter((name) => pattern.test(name)).sort();",
            "}",
        ]),
        ("deleteByIds", [
            "// Deletes the documents with these ids, 1000 at a time.",
            "function deleteByIds(collection, ids) {",
            "  for (let start = 0; start < ids.length; start += 1000) {",
            "    collection.deleteMany({ _id: { $in: ids.slice(start, start + 1000) } });",
            "  }",
            "}",
        ]),
        ("archiveByIds", [
            "// Copies the documents with these ids into `archive` (replacing a copy with the same _id), then",
            "// deletes them, 1000 at a time.",
            "function archiveByIds(collection, archive, ids) {",
            "  for (let start = 0; start < ids.length; start += 1000) {",
            "    const batch = { _id: { $in: ids.slice(start, start + 1000) } };",
            "    collection.aggregate([",
            "      { $match: batch },",
            "      { $merge: { into: archive, on: \"_id\", whenMatched: \"replace\", whenNotMatched: \"insert\" } },",
            "    ]).toArray();",
            "    collection.deleteMany(batch);",
            "  }",
            "}",
        ]),
        ("rollUpByIds", [
            "// Adds the documents with these ids into a summary (`rollUp`: the stages after their $match),",
            "// then deletes exactly them, 1000 at a time. $merge cannot run in a transaction: a run stopped",
            "// between the two steps adds that batch again next time.",
            "function rollUpByIds(collection, ids, rollUp) {",
            "  for (let start = 0; start < ids.length; start += 1000) {",
            "    const batch = { _id: { $in: ids.slice(start, start + 1000) } };",
            "    collection.aggregate([{ $match: batch }].concat(rollUp)).toArray();",
            "    collection.deleteMany(batch);",
            "  }",
            "}",
        ]),
    ]

    /// The comments and jobs of one collection's rules.
    private func section(for entity: Entity) -> [String] {
        let name = MongoCollectionName(entity: entity)
        let plan = MongoIndexPlan(entity: entity)
        var lines: [String] = []
        for rule in entity.retention {
            if !lines.isEmpty { lines.append("") }
            let label = "\(name.readableForm): \(rule.source)"
            if let enforced = plan.rulesEnforcedByTTL.first(where: { $0.rule == rule }) {
                lines.append(JavaScriptSyntax.comment("\(label) (TTL index \(enforced.indexName), created by setup.js)"))
                continue
            }
            if rule.isHandled {
                lines.append(JavaScriptSyntax.comment("\(label) (no job: \(RetentionScript.handledNote))"))
                continue
            }
            let body = jobBody(for: rule, in: entity)
            guard !body.isEmpty else {
                lines.append(JavaScriptSyntax.comment("\(label) (no job)"))
                continue
            }
            lines.append(JavaScriptSyntax.comment(label))
            if name.isPartitioned {
                lines.append("for (const name of partitions(\(name.pattern))) {")
                lines.append("  const collection = database.getCollection(name);")
            } else {
                lines.append("{")
                lines.append("  const collection = database.getCollection(\(name.expression));")
            }
            lines += body.map { "  " + $0 }
            lines.append("}")
        }
        return lines
    }

    /// The statements of a job, using `collection`; empty for rules with no job.
    private func jobBody(for rule: RetentionRule, in entity: Entity) -> [String] {
        let filters = MongoFilter(entity: entity, use: .query)
        func filter(_ parts: [JavaScriptValue?]) -> JavaScriptValue {
            MongoFilter.all(parts.compactMap { $0 }) ?? .object([])
        }
        func ago(_ span: TimeSpan) -> JavaScriptValue { self.ago(span, period: rule.period) }
        switch rule.kind {
        case .expire(let after, let field, let condition):
            let match = filter([filters.fieldFilter(field, "$lt", ago(after)), condition.map(filters.filter)])
            if let rollUp = rule.rollUp {
                return MongoRollUpJob(schema: schema, entity: entity, rollUp: rollUp, due: match).statements
            }
            return [statement("collection.deleteMany(", match, ");")]
        case .expireAt(let field, let condition):
            let match = filter([filters.fieldFilter(field, "$lte", .expression("now")), condition.map(filters.filter)])
            return [statement("collection.deleteMany(", match, ");")]
        case .deactivate(let after, let field, let target, let value, let condition):
            return deactivation(filters, since: filters.fieldFilter(field, "$lt", ago(after)), target: target,
                                value: value, condition: condition)
        case .deactivateAt(let field, let target, let value, let condition):
            return deactivation(filters, since: filters.fieldFilter(field, "$lte", .expression("now")), target: target,
                                value: value, condition: condition)
        case .archive(let after, let field, let archive, let condition):
            let match = filter([filters.fieldFilter(field, "$lt", ago(after)), condition.map(filters.filter)])
            let archiveName = schema.entity(named: archive)?.physicalName ?? archive
            let merge = JavaScriptValue.object([
                "into": .string(archiveName), "on": .string("_id"),
                "whenMatched": .string("replace"), "whenNotMatched": .string("insert"),
            ])
            return [
                statement("const filter = ", match, ";"),
                "collection.aggregate([{ $match: filter }, { $merge: \(merge.renderedInline()) }]).toArray();",
                "collection.deleteMany(filter);",
            ]
        case .cap(let count, let groups, let field):
            return capping(filters, count: count, groups: groups, field: field)
        case .expireEntries(let after, let array, let field):
            return expiringEntries(filters, array: array, field: field, cutoff: ago(after), in: entity)
        case .expireByRelated(let after, let time, let condition):
            return MongoRelatedTimeJob(schema: schema, entity: entity, time: time, condition: condition, cutoff: ago(after))
                .statements(archive: nil)
        case .archiveByRelated(let after, let time, let archive, let condition):
            return MongoRelatedTimeJob(schema: schema, entity: entity, time: time, condition: condition, cutoff: ago(after))
                .statements(archive: schema.entity(named: archive)?.physicalName ?? archive)
        case .appendOnly, .forever:
            return []
        }
    }

    private func deactivation(_ filters: MongoFilter, since: JavaScriptValue, target: String, value: Literal,
                              condition: Condition?) -> [String] {
        let newValue = MongoFilter.value(value)
        let match = MongoFilter.all([since, filters.fieldFilter(target, "$ne", newValue)] + [condition.map(filters.filter)].compactMap { $0 })
            ?? .object([])
        let update = JavaScriptValue.object([(key: "$set", value: .object([(key: filters.key(target), value: newValue)]))])
        return [statement("collection.updateMany(", match, ", \(update.renderedInline()));")]
    }

    private func capping(_ filters: MongoFilter, count: Int, groups: [String], field: String) -> [String] {
        var window: [(key: String, value: JavaScriptValue)] = []
        if !groups.isEmpty {
            window.append((key: "partitionBy", value: .object(groups.map { group in
                (key: filters.key(group), value: JavaScriptValue.string("$" + filters.key(group)))
            })))
        }
        var sort: [(key: String, value: JavaScriptValue)] = [(key: filters.key(field), value: .integer(-1))]
        if filters.key(field) != "_id" { sort.append((key: "_id", value: .integer(-1))) }
        window.append((key: "sortBy", value: .object(sort)))
        window.append((key: "output", value: .object(["rank": .object(["$documentNumber": .object([])])])))
        let pipeline = JavaScriptValue.array([
            .object([(key: "$setWindowFields", value: .object(window))]),
            .object(["$match": .object(["rank": .object(["$gt": .integer(Int64(count))])])]),
            .object(["$project": .object(["_id": .integer(1)])]),
        ])
        return [
            statement("const surplus = collection.aggregate(", pipeline, ").toArray().map((document) => document._id);"),
            "deleteByIds(collection, surplus);",
        ]
    }

    /// `updateMany({ "a.f": { $lt: cutoff } }, { $pull: { a: { f: { $lt: cutoff } } } })`: removes
    /// the old entries from every document holding one; the documents stay.
    private func expiringEntries(_ filters: MongoFilter, array: String, field: String, cutoff: JavaScriptValue,
                                 in entity: Entity) -> [String] {
        let arrayKey = filters.key(array)
        let elementType = entity.field(named: array).flatMap { field -> NestedType? in
            guard case .array(.nested(let name)) = field.type else { return nil }
            return schema.type(named: name)
        }
        let elementKey = elementType?.fields.first { $0.name == field }?.physicalName ?? field
        let older = JavaScriptValue.object(["$lt": .expression("cutoff")])
        let match = JavaScriptValue.object([(key: arrayKey + "." + elementKey, value: older)])
        let pull = JavaScriptValue.object(["$pull": .object([(key: arrayKey, value: .object([(key: elementKey, value: older)]))])])
        return [
            statement("const cutoff = ", cutoff, ";"),
            statement("collection.updateMany(", match, ", \(pull.renderedInline()));"),
        ]
    }

    /// `ago(<seconds>)`, the cut-off of a rule's age; `ago(periods["name"])` for a named period.
    private func ago(_ span: TimeSpan, period: String?) -> JavaScriptValue {
        guard let period else { return .expression("ago(\(span.seconds))") }
        return .expression("ago(\(MongoRetentionPeriods.seconds(period).renderedInline()))")
    }

    /// `prefix + value + suffix`, the value broken over lines when long (inside a two-space job block).
    private func statement(_ prefix: String, _ value: JavaScriptValue, _ suffix: String) -> String {
        prefix + value.rendered(indent: 2, column: 2 + prefix.count) + suffix
    }
}
