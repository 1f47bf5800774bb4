import Foundation

/// Typed filters on queries: a filter narrows any query (`byChatID(chatID: 5).filter { … }`
/// keeps that index and its order), and a repository's `filter { … }` lets ``QueryPlanner``
/// choose the index.
extension Query {
    /// A query whose index and bounds are chosen from `filter` and `scope` when it runs: the
    /// index (or primary key) whose leading columns the filter fixes most, then one with a range
    /// on the next column. Generated repositories call this from `filter { … }`.
    public init(access: Access, planning filter: QueryFilter<Record>, order: QueryOrder, scope: Scope?) {
        self.init(access: access, index: nil, keyPositions: Record.primaryKeyPositions, prefix: [], order: order, scope: scope)
        self.filter = filter
        isPlanned = true
    }

    /// This query narrowed to rows that also match `condition` (checked on each scanned row
    /// before it is decoded; a planned query may also use it to bound its scan).
    public func filter(_ condition: QueryFilter<Record>) -> Query {
        var query = self
        query.filter = filter.map { $0 && condition } ?? condition
        return query
    }

    /// Whether a scanned row is returned: inside the scope and matching the filter.
    func admits(_ row: Row) -> Bool {
        if let scope, !scope.contains(row) { return false }
        if let filter, !filter.matches(row) { return false }
        return true
    }

    /// The query with its index and bounds chosen (itself unless planned).
    func resolved(in snapshot: Snapshot) throws -> Query {
        guard isPlanned else { return self }
        let table = try snapshot.schema.table(Record.tableName)
        let choice = QueryPlanner(table: table).choose(filter?.conjuncts ?? [], scope: scope)
        var query = self
        query.isPlanned = false
        query.index = choice.index
        query.prefix = choice.prefix
        query.from = choice.from
        query.to = choice.to
        query.rangeColumn = choice.rangeColumn
        query.keyPositions = choice.index == nil ? table.primaryKey : choice.columns + table.primaryKey
        return query
    }

    /// The plan of this resolved query, without ``QueryPlan/indexOnly`` worked out.
    func plan(in snapshot: Snapshot) throws -> QueryPlan {
        let query = self
        let table = try snapshot.schema.table(via ?? Record.tableName)
        let columns = query.index.map { name in table.indexes.first { $0.name == name }?.columns ?? [] } ?? table.primaryKey
        let names = table.definition.columns.map(\.name)
        let equalities = columns.prefix(query.prefix.count).map { names[$0] }
        var range: String?
        if let column = query.rangeColumn {
            range = names[column]
        } else if query.from != nil || query.to != nil, columns.count > query.prefix.count {
            range = names[columns[query.prefix.count]]
        }
        var residual = query.filter?.text ?? "true"
        if let scope = query.scope {
            let owner = Record.tableName == table.name ? scope.positions.map { "\(names[$0]) = ?" }.joined(separator: " and ") : "scope"
            residual = query.filter == nil ? owner : "\(owner) and \(residual)"
        }
        return QueryPlan(table: Record.tableName, index: via.map { "multikey:" + $0 } ?? query.index, equalityColumns: equalities,
                         rangeColumn: range, residual: residual, reversed: order == .reverse)
    }
}

extension Query where Record: FilterableRecord {
    /// This query narrowed to rows matching the condition built from the record's typed
    /// fields: `filter { $0.userID == 7 && $0.createdAt >= start }`.
    public func filter(_ condition: (Record.QueryFields) -> QueryFilter<Record>) -> Query {
        filter(condition(Record.queryFields))
    }
}
