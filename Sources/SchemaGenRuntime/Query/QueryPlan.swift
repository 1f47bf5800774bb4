/// How a query reads its rows, as ``Query/explain()`` reports it: the index (or primary key)
/// scanned, the leading columns fixed by equalities, the column bounded by a range, and the
/// conditions checked on each scanned row.
public struct QueryPlan: Sendable, Hashable, CustomStringConvertible {
    /// The store table.
    public let table: String
    /// The index scanned, or nil for the primary key.
    public let index: String?
    /// Leading index columns fixed to one value (including owner and partition columns).
    public let equalityColumns: [String]
    /// The index column after them that the scan is bounded on, if any.
    public let rangeColumn: String?
    /// The condition evaluated on every scanned row before it is decoded (`true` when none).
    public let residual: String
    /// Whether the scan walks the index backwards.
    public let reversed: Bool
    /// Whether the index entries alone answer the query (a covering, index-only plan): the
    /// filter, scope and the columns read are all in the index key or the primary key, so no
    /// row is fetched. Otherwise a row is fetched only for entries whose key columns passed.
    public internal(set) var indexOnly = false

    /// `messages by idx_messages_chat_id_created_at (chat_id = ?, created_at range); check: …; index only`.
    public var description: String {
        var bounds = equalityColumns.map { "\($0) = ?" }
        if let rangeColumn { bounds.append("\(rangeColumn) range") }
        let scan = bounds.isEmpty ? "full scan" : bounds.joined(separator: ", ")
        return "\(table) by \(index ?? "primary key")\(reversed ? " reversed" : "") (\(scan)); check: \(residual)"
            + (indexOnly ? "; index only" : "")
    }
}

/// Chooses the index (or primary key) that bounds a filtered scan best: the one whose leading
/// columns the filter fixes by equality the most, then one with a range on the next column.
/// The whole filter is still checked on each scanned row, so the bounds only need to be implied
/// by it (never to replace it).
struct QueryPlanner {
    let table: ResolvedTable

    struct Choice {
        var index: String?
        var columns: [Int]
        var orders: [ColumnOrder]
        var prefix: [StoreValue]
        var from: ScanBound?
        var to: ScanBound?
        var rangeColumn: Int?
    }

    func choose(_ conjuncts: [QueryFilter<some StoredRecord>], scope: Scope?) -> Choice {
        var equal: [Int: StoreValue] = [:]
        var lower: [Int: (StoreValue, Bool)] = [:]
        var upper: [Int: (StoreValue, Bool)] = [:]
        if let scope { for (position, value) in zip(scope.positions, scope.values) { equal[position] = value } }
        for conjunct in conjuncts {
            switch conjunct {
            case .compare(let column, .equal, let value): equal[column.position] = value
            case .oneOf(let column, let values) where values.count == 1: equal[column.position] = values[0]
            case .compare(let column, .greater, let value): lower[column.position] = (value, false)
            case .compare(let column, .greaterOrEqual, let value): lower[column.position] = (value, true)
            case .compare(let column, .less, let value): upper[column.position] = (value, false)
            case .compare(let column, .lessOrEqual, let value): upper[column.position] = (value, true)
            default: break
            }
        }
        var candidates: [(name: String?, columns: [Int], orders: [ColumnOrder])] =
            [(nil, table.primaryKey, [ColumnOrder](repeating: .ascending, count: table.primaryKey.count))]
        // A partial index lacks the rows outside its condition, so it cannot answer a filter.
        for index in table.indexes where index.condition == nil { candidates.append((index.name, index.columns, index.orders)) }
        var best: Choice?
        var bestScore = -1
        for candidate in candidates {
            var prefix: [StoreValue] = []
            for column in candidate.columns {
                guard let value = equal[column] else { break }
                prefix.append(value)
            }
            var choice = Choice(index: candidate.name, columns: candidate.columns, orders: candidate.orders, prefix: prefix)
            var score = prefix.count * 2
            if prefix.count < candidate.columns.count {
                let next = candidate.columns[prefix.count]
                if lower[next] != nil || upper[next] != nil {
                    let bounds = Self.bounds(lower: lower[next], upper: upper[next], descending: candidate.orders[prefix.count] == .descending)
                    choice.from = bounds.from
                    choice.to = bounds.to
                    choice.rangeColumn = next
                    score += 1
                }
            }
            if score > bestScore {
                best = choice
                bestScore = score
            }
        }
        return best!
    }

    /// Scan bounds of a range on a column stored in `descending` order; nulls are never in it.
    static func bounds(lower: (StoreValue, Bool)?, upper: (StoreValue, Bool)?, descending: Bool) -> (from: ScanBound?, to: ScanBound?) {
        let low: ScanBound = lower.map { $0.1 ? .inclusive([$0.0]) : .exclusive([$0.0]) } ?? .exclusive([.null])
        let high: ScanBound? = upper.map { $0.1 ? .inclusive([$0.0]) : .exclusive([$0.0]) }
        return descending ? (high, low) : (low, high)
    }
}
