/// A query the application documents on an entity (`query leaderboard "Server leaderboard"
/// where guild_id order by xp desc limit 10`): the fields it fixes by equality, then the field its
/// scan follows (order, group or range). It stores nothing; the checker verifies an index serves
/// it and the data dictionary lists it beside that index.
public struct DocumentedQuery: Sendable, Hashable {
    /// Its name, unique in the entity.
    public var name: String
    /// What it is for, in words.
    public var title: String?
    /// Fields fixed by equality, as written.
    public var equalityFields: [String]
    /// The field it bounds (`created_at > ?`).
    public var rangeField: String?
    /// The field and direction it orders by.
    public var order: IndexColumn?
    /// The field it groups by.
    public var groupField: String?
    /// Its row limit.
    public var limit: Int64?
    /// Where it is declared.
    public var range: SourceRange

    /// Creates a documented query.
    public init(name: String, title: String? = nil, equalityFields: [String], rangeField: String? = nil,
                order: IndexColumn? = nil, groupField: String? = nil, limit: Int64? = nil, range: SourceRange) {
        self.name = name
        self.title = title
        self.equalityFields = equalityFields
        self.rangeField = rangeField
        self.order = order
        self.groupField = groupField
        self.limit = limit
        self.range = range
    }

    /// Its clauses as the schema spells them canonically, `where guild_id order by xp desc limit 10`
    /// (the one rendering messages and the data dictionary quote).
    public var clauses: String {
        QueryClauses.text(equalities: equalityFields, range: rangeField, order: order?.field,
                          direction: order?.descending == true ? "desc" : nil, group: groupField, limit: limit)
    }

    /// The field an index must hold right after the equality fields to return the rows in the
    /// query's order: the order field, else the range field (a range scan, grouped after reading),
    /// else the group field.
    public var followingField: String? { order?.field ?? rangeField ?? groupField }

    /// The columns of the index that serves it completely.
    public var servingColumns: [IndexColumn] {
        var columns = equalityFields.map { IndexColumn(field: $0) }
        if let following = followingField, !equalityFields.contains(following) {
            if let order, order.field == following { columns.append(order) } else { columns.append(IndexColumn(field: following)) }
        }
        return columns
    }
}

/// How an entity's keys serve a documented query.
public enum QueryService: Sendable, Hashable {
    /// This index (or `primary key`) finds the rows and returns them in the query's order.
    case served(by: String)
    /// This index narrows the rows, but not to exactly the query's: some equality fields, or the
    /// order, range or grouping, are applied after reading.
    case filterOnly(by: String)
    /// No index begins with the equality fields: the query reads the whole entity.
    case unserved

    /// The index's name, when one is used.
    public var indexName: String? {
        switch self {
        case .served(let name), .filterOnly(let name): name
        case .unserved: nil
        }
    }
}

extension Entity {
    /// The name the primary key has where an index name is expected.
    public static let primaryKeyIndexName = "primary key"

    /// The best key for `query`, among the primary key and the indexes (partial indexes excepted:
    /// they hold only some rows): one whose leading columns are exactly the equality fields and
    /// whose next column is the field the query follows serves it; failing that, the key that
    /// fixes the most leading equality fields narrows it.
    public func service(for query: DocumentedQuery) -> QueryService {
        var keys = [(Self.primaryKeyIndexName, primaryKey.map { IndexColumn(field: $0) })]
        keys += indexes.filter { $0.condition == nil }.map { ($0.name, $0.columns) }
        let equal = Set(query.equalityFields)
        let finding = keys.filter { _, columns in
            columns.count >= equal.count && Set(columns.prefix(equal.count).map(\.field)) == equal
        }
        let following = query.followingField.flatMap { equal.contains($0) ? nil : $0 }
        if let served = finding.first(where: { following == nil || ($0.1.count > equal.count && $0.1[equal.count].field == following) }) {
            return .served(by: served.0)
        }
        if let narrowing = finding.first { return .filterOnly(by: narrowing.0) }
        // Fewer leading columns than equality fields, all of them fixed by the query.
        let leading = keys.map { key in (key.0, key.1.prefix { equal.contains($0.field) }.count) }
        guard let best = leading.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return .unserved }
        return .filterOnly(by: best.0)
    }
}
