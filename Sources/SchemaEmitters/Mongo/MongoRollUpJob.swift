import SchemaLanguage

/// The job of `delete after … by <time> roll up into <summary> by <keys> add <totals>` in
/// `retention.js`: the due `_id`s are read once with one cut-off, then 1000 at a time the
/// documents with those ids are grouped and added into the summary, and exactly those ids deleted.
///
/// ```
/// const due = collection.aggregate([{ $match: <due> }, { $project: { _id: 1 } }]).toArray().map(…);
/// rollUpByIds(collection, due, [
///   { $group: { _id: { guild_id: "$guild_id", day: { $dateTrunc: { date: "$created_at", unit: "day", timezone: "UTC" } } },
///               transactions: { $sum: 1 }, amount: { $sum: "$amount" } } },
///   { $project: { _id: 0, guild_id: "$_id.guild_id", day: "$_id.day", transactions: 1, amount: 1 } },
///   { $merge: { into: "daily_stats", on: ["guild_id", "day"],
///               whenMatched: [{ $set: { transactions: { $add: ["$transactions", "$$new.transactions"] }, … } }],
///               whenNotMatched: "insert" } }
/// ]);
/// ```
///
/// As in SQL: a group's key is the summary's primary key (`$merge` finds the summary document by
/// the unique index `setup.js` creates for it), a missing summary document is inserted with the
/// group's totals and an existing one has them added, `$sum` of a field skips nulls (a group of
/// nulls adds 0), `count` counts documents, and `day(…)` is the UTC calendar day as a date at
/// midnight. Unlike SQL, MongoDB cannot add and delete in one transaction (`$merge` is not allowed
/// in one), so each batch adds, then deletes: a run stopped between the two adds that batch again
/// on the next run. Every completed run leaves nothing due, so running it twice adds nothing.
struct MongoRollUpJob {
    /// The schema, for the summary collection.
    let schema: Schema
    /// The entity whose documents are rolled up and deleted.
    let entity: Entity
    /// The roll-up.
    let rollUp: RollUp
    /// The filter of due documents (cut-off and the rule's condition).
    let due: JavaScriptValue

    /// The stages after `$match { _id: { $in: batch } }`: group, shape as summary documents, merge.
    var rollUpStages: JavaScriptValue {
        let source = MongoFilter(entity: entity, use: .query)
        let summary = schema.entity(named: rollUp.into)
        let summaryKey = { (field: String) in summary?.field(named: field)?.physicalName ?? field }
        var groupKey: [(key: String, value: JavaScriptValue)] = []
        for group in rollUp.groups {
            let path = JavaScriptValue.string("$" + source.key(group.source))
            let value: JavaScriptValue = group.byDay
                ? .object(["$dateTrunc": .object(["date": path, "unit": .string("day"), "timezone": .string("UTC")])])
                : path
            groupKey.append((key: summaryKey(group.field), value: value))
        }
        var groupStage: [(key: String, value: JavaScriptValue)] = [(key: "_id", value: .object(groupKey))]
        var shape: [(key: String, value: JavaScriptValue)] = []
        // A key stored as the summary's `_id` takes the place of the group's `_id`; otherwise the
        // server gives each inserted summary document an ObjectId.
        if !groupKey.contains(where: { $0.key == "_id" }) { shape.append((key: "_id", value: .integer(0))) }
        shape += groupKey.map { (key: $0.key, value: JavaScriptValue.string("$_id." + $0.key)) }
        var added: [(key: String, value: JavaScriptValue)] = []
        for aggregate in rollUp.aggregates {
            let key = summaryKey(aggregate.field)
            let total: JavaScriptValue = switch aggregate.function {
            case .count: .integer(1)
            case .sum(let field): .string("$" + source.key(field))
            }
            groupStage.append((key: key, value: .object(["$sum": total])))
            shape.append((key: key, value: .integer(1)))
            added.append((key: key, value: .object(["$add": .array([.string("$" + key), .string("$$new." + key)])])))
        }
        let merge = JavaScriptValue.object([
            "into": .string(summary?.physicalName ?? rollUp.into),
            "on": .array(groupKey.map { .string($0.key) }),
            "whenMatched": .array([.object(["$set": .object(added)])]),
            "whenNotMatched": .string("insert"),
        ])
        return .array([
            .object(["$group": .object(groupStage)]),
            .object(["$project": .object(shape)]),
            .object(["$merge": merge]),
        ])
    }

    /// The statements of the job inside its block, using `collection`.
    var statements: [String] {
        let pipeline = JavaScriptValue.array([.object(["$match": due]), .object(["$project": .object(["_id": .integer(1)])])])
        let select = "const due = collection.aggregate("
        let rollUpCall = "rollUpByIds(collection, due, "
        return [
            select + pipeline.rendered(indent: 2, column: 2 + select.count) + ").toArray().map((document) => document._id);",
            rollUpCall + rollUpStages.rendered(indent: 2, column: 2 + rollUpCall.count) + ");",
        ]
    }
}
