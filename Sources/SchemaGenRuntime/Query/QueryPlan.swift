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
    /// The condition evaluated on every scanned row before it is decoded (`true` when none):
    /// the filter's terms and scope the scan's bounds do not already guarantee.
    public let residual: String
    /// Whether the scan walks the index backwards.
    public let reversed: Bool
    /// Whether the index entries alone answer the query (a covering, index-only plan): the
    /// filter, scope and the columns read are all in the index key or the primary key, so no
    /// row is fetched. Otherwise a row is fetched only for entries whose key columns passed.
    public internal(set) var indexOnly = false
    /// The second index an index-only plan intersects its range with, when the entries of the
    /// scanned index alone do not decide the filter: a row counts only when that index's range
    /// (its own equalities and range) holds it too, so no row is fetched.
    public internal(set) var intersectedIndex: String?
    /// How many prefixes the scan probes one after another: more than 1 when an `isIn` or an
    /// `||` of equalities fixed a leading column to several values.
    public let probes: Int
    /// What the backend runs for the query when it runs it itself (``TableReader/pushdown(_:)``),
    /// e.g. `postgres: SELECT count(*) FROM "warnings" WHERE …`; nil when the query is evaluated
    /// in Swift (always on the store).
    public internal(set) var backendStatement: String?

    /// `messages by idx_messages_chat_id_created_at (chat_id = ?, created_at range); check: …; index only`,
    /// with `; intersected with idx_messages_user_id` before `index only` for an intersection.
    public var description: String {
        var bounds = equalityColumns.map { "\($0) = ?" }
        if let rangeColumn { bounds.append("\(rangeColumn) range") }
        let scan = bounds.isEmpty ? "full scan" : bounds.joined(separator: ", ")
        return "\(table) by \(index ?? "primary key")\(reversed ? " reversed" : "") (\(scan))"
            + (probes > 1 ? "; \(probes) probes" : "") + "; check: \(residual)"
            + (intersectedIndex.map { "; intersected with \($0)" } ?? "") + (indexOnly ? "; index only" : "") + (backendStatement.map { "; " + $0 } ?? "")
    }
}

/// Chooses the index (or primary key) that bounds a filtered scan best: the one whose leading
/// columns the filter fixes the most (by equality, or to a few values by `isIn` or `||` of
/// equalities, scanned as one probe per value), then one with a range on the next column.
/// Candidates that bound equally well are told apart by counting their entries in range (up
/// to the smallest count seen), so the narrower index wins. The bounds are implied by the
/// filter; the terms they fully guarantee are then not checked per row (``RowChecks``).
struct QueryPlanner {
    let table: ResolvedTable

    /// The most prefixes a scan is split into; a filter naming more values scans one range.
    static let maximumProbes = 64

    struct Choice {
        var index: String?
        var columns: [Int]
        var prefix: [StoreValue]
        var probes: [[StoreValue]] = []
        var from: ScanBound?
        var to: ScanBound?
        var rangeColumn: Int?
    }

    /// The candidates that bound the scan best (all with the same score), best first.
    func candidates(_ conjuncts: [QueryFilter<some StoredRecord>], scope: Scope?) -> [Choice] {
        var equal: [Int: StoreValue] = [:]
        var sets: [Int: [StoreValue]] = [:]
        var lower: [Int: (StoreValue, Bool)] = [:]
        var upper: [Int: (StoreValue, Bool)] = [:]
        for conjunct in conjuncts {
            switch conjunct {
            case .compare(let column, .equal, let value): equal[column.position] = value
            case .compare(let column, .greater, let value): lower[column.position] = (value, false)
            case .compare(let column, .greaterOrEqual, let value): lower[column.position] = (value, true)
            case .compare(let column, .less, let value): upper[column.position] = (value, false)
            case .compare(let column, .lessOrEqual, let value): upper[column.position] = (value, true)
            default:
                if let (position, values) = Self.equalities(conjunct), !values.isEmpty {
                    if values.count == 1 { equal[position] = values[0] } else { sets[position] = values }
                }
            }
        }
        if let scope { for (position, value) in zip(scope.positions, scope.values) { equal[position] = value } }
        var candidates: [(name: String?, columns: [Int], orders: [ColumnOrder])] =
            [(nil, table.primaryKey, [ColumnOrder](repeating: .ascending, count: table.primaryKey.count))]
        // A partial index lacks the rows outside its condition, so it cannot answer a filter.
        for index in table.indexes where index.condition == nil { candidates.append((index.name, index.columns, index.orders)) }
        var best: [Choice] = []
        var bestScore = -1
        for candidate in candidates {
            var prefixes: [[StoreValue]] = [[]]
            for column in candidate.columns {
                if let value = equal[column] {
                    prefixes = prefixes.map { $0 + [value] }
                } else if let values = sets[column], prefixes.count * values.count <= Self.maximumProbes {
                    prefixes = prefixes.flatMap { prefix in values.map { prefix + [$0] } }
                } else {
                    break
                }
            }
            let fixed = prefixes[0].count
            var choice = Choice(index: candidate.name, columns: candidate.columns, prefix: prefixes[0])
            if prefixes.count > 1 {
                // Distinct prefixes in key order, so the probes return rows in index order.
                let orders = Array(candidate.orders.prefix(fixed))
                var seen = Set<[UInt8]>()
                let keyed = prefixes.map { (IndexKeyEncoder.encode($0, orders: orders), $0) }.filter { seen.insert($0.0).inserted }
                choice.probes = keyed.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
                choice.prefix = []
            }
            var score = fixed * 2
            if fixed < candidate.columns.count {
                let next = candidate.columns[fixed]
                if lower[next] != nil || upper[next] != nil {
                    let bounds = Self.bounds(lower: lower[next], upper: upper[next], descending: candidate.orders[fixed] == .descending)
                    choice.from = bounds.from
                    choice.to = bounds.to
                    choice.rangeColumn = next
                    score += 1
                }
            }
            if score > bestScore {
                best = [choice]
                bestScore = score
            } else if score == bestScore {
                best.append(choice)
            }
        }
        return best
    }

    /// The column and values a condition fixes when it is an equality, an `isIn`, or an `||`
    /// of those on one column (nil otherwise).
    static func equalities<Record>(_ filter: QueryFilter<Record>) -> (Int, [StoreValue])? {
        switch filter {
        case .compare(let column, .equal, let value): return (column.position, [value])
        case .oneOf(let column, let values): return (column.position, values)
        case .or(let left, let right):
            guard let (a, first) = equalities(left), let (b, second) = equalities(right), a == b else { return nil }
            return (a, first + second)
        default: return nil
        }
    }

    /// Scan bounds of a range on a column stored in `descending` order; nulls are never in it.
    static func bounds(lower: (StoreValue, Bool)?, upper: (StoreValue, Bool)?, descending: Bool) -> (from: ScanBound?, to: ScanBound?) {
        let low: ScanBound = lower.map { $0.1 ? .inclusive([$0.0]) : .exclusive([$0.0]) } ?? .exclusive([.null])
        let high: ScanBound? = upper.map { $0.1 ? .inclusive([$0.0]) : .exclusive([$0.0]) }
        return descending ? (high, low) : (low, high)
    }
}
