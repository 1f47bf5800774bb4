import SchemaLanguage

/// The job of a rule by a related document's time (`delete after 180d by user_id -> users.last_seen`,
/// `archive after … into …`) in `retention.js`: an aggregation selects the due `_id`s, then those
/// documents are deleted or moved, 1000 at a time.
///
/// ```
/// const due = collection.aggregate([
///   { $match: { user_id: { $ne: null }, <the rule's where> } },
///   { $lookup: { from: "users", localField: "user_id", foreignField: "user_id", as: "related" } },
///   { $match: { "related.last_seen": { $lt: ago(15552000) } } },
///   { $project: { _id: 1 } }
/// ]).toArray().map((document) => document._id);
/// deleteByIds(collection, due);          // or archiveByIds(collection, "members_archive", due)
/// ```
///
/// Due means what the SQL jobs' `EXISTS (… related.<time> < cutoff)` means: the referenced
/// document exists and its time is a date older than the cut-off. A null or missing foreign key is
/// filtered out before `$lookup` (which would otherwise match referenced documents lacking the
/// key), a missing referenced document leaves `related` empty, and `$lt` against a date never
/// matches null or a missing time, so none of them is ever due. The referenced key is the
/// referenced entity's primary or unique key, so `related` holds at most one document.
struct MongoRelatedTimeJob {
    /// The schema, for the referenced and archive collections.
    let schema: Schema
    /// The entity whose documents the rule removes.
    let entity: Entity
    /// The related time.
    let time: RelatedTime
    /// The rule's own condition.
    let condition: Condition?
    /// The cut-off: `ago(<seconds>)` or `ago(periods["name"])`.
    let cutoff: JavaScriptValue

    /// The pipeline selecting the `_id`s of due documents.
    var duePipeline: JavaScriptValue {
        let own = MongoFilter(entity: entity, use: .query)
        let related = schema.entity(named: time.entity)
        let relatedKey = related?.field(named: time.key)?.physicalName ?? time.key
        let relatedTime = related?.field(named: time.field)?.physicalName ?? time.field
        let present = own.fieldFilter(time.via, "$ne", .null)
        let match = MongoFilter.all([present] + [condition.map(own.filter)].compactMap { $0 }) ?? present
        return .array([
            .object(["$match": match]),
            .object(["$lookup": .object([
                "from": .string(related?.physicalName ?? time.entity), "localField": .string(own.key(time.via)),
                "foreignField": .string(relatedKey), "as": .string("related"),
            ])]),
            .object([(key: "$match", value: .object([(key: "related." + relatedTime, value: .object(["$lt": cutoff]))]))]),
            .object(["$project": .object(["_id": .integer(1)])]),
        ])
    }

    /// The statements of the job inside its block, using `collection`: delete the due documents,
    /// or move them into `archive` (a physical name).
    func statements(archive: String?) -> [String] {
        let select = "const due = collection.aggregate("
        var lines = [select + duePipeline.rendered(indent: 2, column: 2 + select.count) + ").toArray().map((document) => document._id);"]
        if let archive {
            lines.append("archiveByIds(collection, \(JavaScriptValue.string(archive).renderedInline()), due);")
        } else {
            lines.append("deleteByIds(collection, due);")
        }
        return lines
    }
}
