/// What a query hands a backend that can run it itself (``TableReader/pushdown(_:)``): a
/// filtered scan of one table, and what to make of its rows (the rows themselves, or one
/// aggregate per group). The backend either answers exactly as the store's Swift evaluation
/// would (same rows, same order, same values) or declines with nil.
public struct PushdownRequest<Record: StoredRecord>: Sendable {
    /// The table scanned.
    public let table: String
    /// The index whose order the rows come in (nil: the primary key); the store's order: its
    /// columns in their declared order with nulls lowest, then the primary key ascending.
    public let index: String?
    /// The key ranges scanned, each a prefix of equal leading key columns and bounds on the
    /// columns after it (a resumed page's cursor already applied). A row is in the scan when it
    /// lies in any of them; never empty.
    public let ranges: [PushdownRange]
    /// Forward or backward along the index.
    public let direction: ScanDirection
    /// Conditions every returned row meets (SQL's three-valued logic: only true passes).
    public let terms: [QueryFilter<Record>]
    /// The owner or partition the rows must lie in, if any.
    public let scope: Scope?
    /// What to compute from the rows.
    public let operation: PushdownOperation
    /// Whether to describe the work (``PushdownResult/statement(_:)``) instead of doing it,
    /// for ``Query/explain()``.
    public let describeOnly: Bool
}

/// One key range of a ``PushdownRequest``.
public struct PushdownRange: Sendable, Hashable {
    /// Values of the leading key columns.
    public let prefix: [StoreValue]
    /// The lower bound on the key columns after the prefix (in scan-key order), if any.
    public let from: ScanBound?
    /// The upper bound, if any.
    public let to: ScanBound?
}

/// What a ``PushdownRequest`` computes.
public enum PushdownOperation: Sendable, Hashable {
    /// The matching rows in scan order, at most `limit` of them (nil: all).
    case rows(limit: Int?)
    /// One aggregate per group of the matching rows.
    case aggregate(PushdownAggregate)
}

/// An aggregate of a ``PushdownRequest``: a function of one column over each group, the groups
/// ordered and cut as ``GroupedQuery`` does.
public struct PushdownAggregate: Sendable, Hashable {
    /// The aggregate functions.
    public enum Function: Sendable, Hashable {
        /// The number of rows (`.int`).
        case count
        /// The exact sum of an integer column (`.int`, `.null` when no value;
        /// ``QueryAggregateError/integerOverflow(column:)`` beyond 64 bits).
        case sum
        /// The mean of an integer column (`.double`, `.null` when no value).
        case average
        /// The smallest value (`.null` when no value).
        case minimum
        /// The largest value (`.null` when no value).
        case maximum
    }

    /// The function.
    public let function: Function
    /// The row position of the aggregated column (nil for ``Function/count``).
    public let field: Int?
    /// The store name of the aggregated column, for errors.
    public let fieldName: String?
    /// The group key's parts, in order; empty for one aggregate over every matching row
    /// (SQL without `GROUP BY`: exactly one result, also when no row matches).
    public let groups: [PushdownGroupPart]
    /// The order of the groups.
    public let order: GroupOrder
    /// At most this many groups (nil: all; below zero: none).
    public let limit: Int?
}

/// One part of a pushed-down group key: a column's value, or a timestamp floored to a UTC unit.
public struct PushdownGroupPart: Sendable, Hashable {
    /// The row position of the column.
    public let position: Int
    /// The unit in microseconds a timestamp is floored to (a day or an hour), nil for the value itself.
    public let truncation: Int64?
}

/// One group a backend computed: its key (one value per ``PushdownAggregate/groups`` part)
/// and the aggregate's value.
public struct PushdownGroup: Sendable, Hashable {
    /// The key values.
    public let key: [StoreValue]
    /// The aggregate.
    public let value: StoreValue

    /// A group with `key` and `value`.
    public init(key: [StoreValue], value: StoreValue) {
        self.key = key
        self.value = value
    }
}

/// A backend's answer to a ``PushdownRequest``.
public enum PushdownResult: Sendable, Hashable {
    /// The rows of ``PushdownOperation/rows(limit:)``, in scan order, whole.
    case rows([Row])
    /// The groups of ``PushdownOperation/aggregate(_:)``, ordered and cut.
    case groups([PushdownGroup])
    /// What the backend runs, e.g. `postgres: SELECT …` (``PushdownRequest/describeOnly``).
    case statement(String)
}

extension Query {
    /// This (resolved) query's scan as a pushdown request after `cursor`; nil for a multikey
    /// query (its rows are found through a side table) or when no range is left to scan.
    func pushdownRequest(in reader: any TableReader, after cursor: PageCursor?, operation: PushdownOperation,
                         describeOnly: Bool = false) throws -> PushdownRequest<Record>? {
        guard via == nil else { return nil }
        let table = try reader.tableCatalog.resolved.table(Record.tableName)
        let orders = try keyOrders(table)
        let ranges = scanPrefixes.compactMap { probe in
            probeRange(probe, after: cursor, orders: orders).map { PushdownRange(prefix: probe, from: $0.from, to: $0.to) }
        }
        guard !ranges.isEmpty else { return nil }
        let checks = RowChecks(self, orders: orders)
        return PushdownRequest(table: Record.tableName, index: index, ranges: ranges, direction: order == .indexOrder ? .forward : .backward,
                               terms: checks.conjuncts, scope: checks.scope, operation: operation, describeOnly: describeOnly)
    }

    /// The groups `aggregate` gives over this query's rows when the backend computes them
    /// itself (one snapshot); otherwise calls `body` with each matching row, reading the
    /// positions in `reading`, and returns nil. The store always takes the second way.
    func aggregateRows(reading: Set<Int>, pushing aggregate: PushdownAggregate?, _ body: (Row) throws -> Void) throws -> [PushdownGroup]? {
        try access.withSnapshot { reader in
            let query = try resolved(in: reader, reading: reading)
            if let aggregate, !(reader is Snapshot),
               let request = try query.pushdownRequest(in: reader, after: nil, operation: .aggregate(aggregate)),
               case .groups(let groups)? = try reader.pushdown(request) {
                return groups
            }
            try query.forEachMatch(reading: reading, in: reader, body)
            return nil
        }
    }

    /// Whether a sum or mean of a field of this Swift type is the exact integer one a backend
    /// computes (``PushdownAggregate/Function/sum``); other types are summed in Swift.
    static func sumsExactIntegers<Operand>(_ type: Operand.Type) -> Bool {
        type == Int64.self || type == Int32.self
    }
}

extension PushdownAggregate {
    /// The number of rows per group of `groups` (every matching row when empty).
    static func count(groups: [PushdownGroupPart]) -> PushdownAggregate {
        PushdownAggregate(function: .count, field: nil, fieldName: nil, groups: groups, order: .keyAscending, limit: nil)
    }
}

extension Query {
    /// What the backend runs for `operation` over this (resolved) query, nil when it would
    /// evaluate the query in Swift (always on the store).
    /// An aggregate the backend declines is taken in Swift over the rows it selects: then those.
    func pushdownStatement(in reader: any TableReader, operation: PushdownOperation) throws -> String? {
        guard let request = try pushdownRequest(in: reader, after: nil, operation: operation, describeOnly: true) else { return nil }
        if case .statement(let statement)? = try reader.pushdown(request) { return statement }
        guard case .aggregate = operation else { return nil }
        return try pushdownStatement(in: reader, operation: .rows(limit: nil))
    }
}
