/// What a scan checks on each row: the filter's top-level `&&` terms its bounds do not already
/// guarantee, and the scope unless the bounds fix it. A term is guaranteed (and dropped) when it
/// is an equality, `isIn` or `||` of equalities on a leading key column the scan's prefix (or
/// every probe) fixes to one of its values, or a range on the next key column no wider than the
/// scan's bound there. The whole filter still decides the query's shape (page tokens).
struct RowChecks<Record: StoredRecord> {
    /// The terms left to check, in the filter's order.
    let conjuncts: [QueryFilter<Record>]
    /// The scope, nil when the bounds fix every scope column to the scope's value.
    let scope: Scope?

    /// Every term and the scope: a scan whose bounds guarantee nothing.
    init(filter: QueryFilter<Record>?, scope: Scope?) {
        self.init(conjuncts: filter?.conjuncts ?? [], scope: scope)
    }

    /// The checks `query` (resolved) still needs after its bounds, with key `orders` (the
    /// scanned index's, then the primary key's).
    init<Access>(_ query: Query<Record, Access>, orders: [ColumnOrder]) {
        guard query.via == nil else {
            self.init(filter: query.filter, scope: query.scope)
            return
        }
        let bounds = ScanGuarantee(keyPositions: query.keyPositions, prefixes: query.scanPrefixes, from: query.from, to: query.to, orders: orders)
        let scope = query.scope.flatMap { scope in
            zip(scope.positions, scope.values).allSatisfy { bounds.fixes($0, to: [$1]) } ? nil : scope
        }
        self.init(conjuncts: (query.filterTerms ?? query.filter?.conjuncts ?? []).filter { !bounds.implies($0) }, scope: scope)
    }

    init(conjuncts: [QueryFilter<Record>], scope: Scope?) {
        self.conjuncts = conjuncts
        self.scope = scope
    }

    /// The remaining terms as one filter, nil when none remain.
    var filter: QueryFilter<Record>? { conjuncts.isEmpty ? nil : conjuncts.dropFirst().reduce(conjuncts[0]) { $0 && $1 } }

    /// Whether `row` passes; each term evaluated is counted in `statistics`.
    @inline(__always)
    func admits(_ row: Row, _ statistics: ScanStatistics?) -> Bool {
        if let scope, !scope.contains(row) { return false }
        return Self.hold(conjuncts, row, statistics)
    }

    /// Whether every one of `conditions` is true for `row`, stopping at the first that is not.
    @inline(__always)
    static func hold(_ conditions: [QueryFilter<Record>], _ row: Row, _ statistics: ScanStatistics?) -> Bool {
        // A counted loop: `indices` of an array of a generic element is not specialized and
        // builds tuple metadata on every call.
        var i = 0
        while i < conditions.count {
            if conditions[i].evaluate(row) != true {
                statistics?.termsEvaluated += i + 1
                return false
            }
            i += 1
        }
        statistics?.termsEvaluated += conditions.count
        return true
    }
}

/// Counts of one scan's work, for tests that prove a term is not evaluated (never timing).
final class ScanStatistics {
    /// Filter terms evaluated, over all rows.
    var termsEvaluated = 0
    /// Index entries (or rows) the planner counted to choose between equally bounded indexes.
    var entriesCounted = 0
    /// Fetched rows the filter's row terms (or the scope) rejected.
    var rowsRejected = 0
    /// The row positions holding a value when a fetched row was rejected, over all such rows:
    /// the entry's key columns and the columns decoded to check the row, which proves a rejected
    /// row is not decoded in the others (their stored values are not null in those tests).
    var rejectedRowPositions = Set<Int>()
    /// Records decoded straight from stored row bytes (``StoredRecord/decode(stored:statistics:)``).
    var recordsDecodedFromStoredRows = 0
    /// Records decoded from a row of values (a covering index entry, a multikey side table's fetch).
    var recordsDecodedFromRows = 0
    /// Index entries an intersection (``IndexIntersection``) read from both ranges, and the
    /// seeks (descents from the root) it made in them.
    var intersectionEntries = 0
    var intersectionSeeks = 0

    /// Notes `row` (the scan's reused row) as rejected after its checks.
    func noteRejected(_ row: Row) {
        rowsRejected += 1
        for position in row.indices where !row[position].isNull { rejectedRowPositions.insert(position) }
    }
}

/// What a scan's bounds guarantee about every row it returns.
struct ScanGuarantee {
    let keyPositions: [Int]
    let prefixes: [[StoreValue]]
    let from: ScanBound?
    let to: ScanBound?
    let orders: [ColumnOrder]

    /// The number of leading key columns fixed by the prefix (or by every probe).
    var fixed: Int { prefixes.first?.count ?? 0 }

    /// Whether every returned row's column at `position` equals one of `values`.
    func fixes(_ position: Int, to values: [StoreValue]) -> Bool {
        guard let column = keyPositions.prefix(fixed).firstIndex(of: position) else { return false }
        return prefixes.allSatisfy { prefix in values.contains { StoreValue.compare(prefix[column], $0) == 0 } }
    }

    /// Whether the bounds alone make `term` true for every returned row.
    func implies<Record>(_ term: QueryFilter<Record>) -> Bool {
        if let (position, values) = QueryPlanner.equalities(term) { return fixes(position, to: values) }
        guard case .compare(let column, let comparison, let value) = term, fixed < keyPositions.count,
              keyPositions[fixed] == column.position, fixed < orders.count else { return false }
        let descending = orders[fixed] == .descending
        let (low, high) = descending ? (to, from) : (from, to)
        switch comparison {
        case .greater, .greaterOrEqual:
            guard let (bound, inclusive) = Self.single(low), bound.type == value.type else { return false }
            let order = StoreValue.compare(bound, value)
            return order > 0 || (order == 0 && (comparison == .greaterOrEqual || !inclusive))
        case .less, .lessOrEqual:
            guard let (bound, inclusive) = Self.single(high), bound.type == value.type else { return false }
            let order = StoreValue.compare(bound, value)
            return order < 0 || (order == 0 && (comparison == .lessOrEqual || !inclusive))
        case .equal, .notEqual:
            return false
        }
    }

    /// The one non-null value of a bound on a single column and whether it is included.
    static func single(_ bound: ScanBound?) -> (StoreValue, Bool)? {
        switch bound {
        case .inclusive(let values)? where values.count == 1 && !values[0].isNull: return (values[0], true)
        case .exclusive(let values)? where values.count == 1 && !values[0].isNull: return (values[0], false)
        default: return nil
        }
    }
}

extension Query {
    /// The number of matching rows and how many filter terms were evaluated to find them: what
    /// tests read to prove that a term the bounds guarantee is not evaluated.
    func countEvaluatingTerms() throws -> (count: Int, termsEvaluated: Int) {
        let (count, statistics) = try countRecordingScan()
        return (count, statistics.termsEvaluated)
    }

    /// The number of matching rows (read in no column beyond their checks) and the scan's
    /// statistics: what tests read to prove which columns a rejected row was decoded in.
    func countRecordingScan() throws -> (count: Int, statistics: ScanStatistics) {
        try access.withSnapshot { snapshot in
            let statistics = ScanStatistics()
            var count = 0
            try resolved(in: snapshot).forEachMatch(reading: [], in: snapshot, after: nil, statistics: statistics) { _ in
                count += 1
                return true
            }
            return (count, statistics)
        }
    }
}
