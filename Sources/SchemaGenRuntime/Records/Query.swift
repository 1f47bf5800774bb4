import Foundation

/// A range condition on one field: `.since(date)`, `.before(date)`, `.between(a, and: b)`…
public struct KeyRange<Value: ColumnValue> {
    /// The lower end and whether it is included.
    public var lower: (value: Value, inclusive: Bool)?
    /// The upper end and whether it is included.
    public var upper: (value: Value, inclusive: Bool)?

    /// A range with the given ends.
    public init(lower: (value: Value, inclusive: Bool)?, upper: (value: Value, inclusive: Bool)?) {
        self.lower = lower
        self.upper = upper
    }

    /// Values `>= value`.
    public static func since(_ value: Value) -> Self { .init(lower: (value, true), upper: nil) }
    /// Values `> value`.
    public static func after(_ value: Value) -> Self { .init(lower: (value, false), upper: nil) }
    /// Values `< value`.
    public static func before(_ value: Value) -> Self { .init(lower: nil, upper: (value, false)) }
    /// Values `<= value`.
    public static func through(_ value: Value) -> Self { .init(lower: nil, upper: (value, true)) }
    /// Values `>= lower` and `< upper`.
    public static func between(_ lower: Value, and upper: Value) -> Self { .init(lower: (lower, true), upper: (upper, false)) }
    /// Values `>= lower` and `<= upper`.
    public static func from(_ lower: Value, through upper: Value) -> Self { .init(lower: (lower, true), upper: (upper, true)) }

    /// The range as scan bounds on a column stored in `order`; nulls are never in a range.
    public func bounds(descending: Bool) -> (from: ScanBound?, to: ScanBound?) {
        let low: ScanBound = lower.map { $0.inclusive ? .inclusive([$0.value.storeValue]) : .exclusive([$0.value.storeValue]) }
            ?? .exclusive([.null])
        let high: ScanBound? = upper.map { $0.inclusive ? .inclusive([$0.value.storeValue]) : .exclusive([$0.value.storeValue]) }
        if descending { return (high, low) }
        return (low, high)
    }
}

/// The order a query returns records in.
public enum QueryOrder: Sendable, Hashable {
    /// The index's order (its `desc` columns descending), ties by primary key.
    case indexOrder
    /// The reverse of the index's order.
    case reverse
}

/// Where the next page of a query starts: the last returned record's index key. Codable, so
/// it can be handed to a client and back.
public struct PageCursor: Sendable, Hashable, Codable {
    /// The index columns and then the primary key of the last record returned.
    public let key: [StoreValue]
    /// The index a planned query (a repository's `filter { … }`) read the page with, `""` for
    /// the primary key, so the next page reads the same one; nil for a query whose index is fixed.
    public internal(set) var plannedIndex: String? = nil
}

/// One page of query results.
public struct Page<Record: Sendable>: Sendable {
    /// The records, in query order.
    public let items: [Record]
    /// Where the next page starts, or nil when this is the last one.
    public let next: PageCursor?
    /// Makes ``nextToken``: the page's query bound to its store's secret (nil off a store).
    let tokenMaker: (@Sendable (PageCursor) throws -> String)?

    init(items: [Record], next: PageCursor?, tokenMaker: (@Sendable (PageCursor) throws -> String)? = nil) {
        self.items = items
        self.next = next
        self.tokenMaker = tokenMaker
    }

    /// Whether more records follow.
    public var hasMore: Bool { next != nil }
    /// The largest page a query returns (larger limits are capped).
    public static var maximumLimit: Int { 100 }

    /// ``next`` as a compact opaque token (base64url, at most 64 characters by default) for
    /// ``Query/fetch(limit:afterToken:)`` of the same query; nil on the last page. Made on
    /// demand, so a page whose token is never asked for costs nothing.
    ///
    /// - Throws: ``PageTokenError/keyTooLong(tokenLength:maximumLength:)`` when the index key
    ///   does not fit (never truncated).
    public var nextToken: String? {
        get throws {
            guard let next else { return nil }
            guard let tokenMaker else { throw PageTokenError.malformed(reason: "the page was not read from a store") }
            return try tokenMaker(next)
        }
    }
}

/// Records of one entity in the order of one index (or the primary key), optionally restricted
/// to a prefix of equal values, a range on the next column and a scope (owner, partition).
public struct Query<Record: StoredRecord, Access: ReadAccess> {
    let access: Access
    var index: String?
    /// Row positions of the index columns and then the primary key (the cursor key).
    var keyPositions: [Int]
    var prefix: [StoreValue]
    var from: ScanBound?
    var to: ScanBound?
    let order: QueryOrder
    let scope: Scope?
    /// The side table of a multikey index the records are found through, if any.
    var via: String?
    /// The condition every returned row meets beyond the index bounds (checked before decoding).
    var filter: QueryFilter<Record>?
    /// Whether the index and bounds are still to be chosen from ``filter`` (``QueryPlanner``).
    var isPlanned = false
    /// For a planned query: the index column bounded by a range, for ``explain()``.
    var rangeColumn: Int?
    /// For a planned query whose filter fixes a leading column to several values (`isIn`, or
    /// `||` of equalities): the prefixes scanned one after another in key order, in place of
    /// ``prefix`` (empty: scan ``prefix`` alone).
    var probes: [[StoreValue]] = []
    /// For a planned query: the candidates the planner found equally well bounded (the chosen
    /// one among them), whose ranges a count or aggregate may intersect with the chosen one's
    /// (``IndexIntersection``) instead of fetching rows.
    var partners: [QueryPlanner.Choice] = []
    /// ``filter``'s top-level `&&` terms when ``Query/resolved(in:statistics:)`` already worked
    /// them out (nil: work them out), so the scan's checks do not walk the filter again.
    var filterTerms: [QueryFilter<Record>]?
    /// For a query the planner resolved to an index intersection: it, for a caller reading the
    /// row positions `reading` (``Query/resolved(in:reading:statistics:)``).
    var intersection: (reading: Set<Int>, IndexIntersection<Record>)?

    /// A query over an index (or the primary key when `index` is nil) within an optional owner scope.
    public init(access: Access, index: String?, keyPositions: [Int], prefix: [StoreValue],
         range: (from: ScanBound?, to: ScanBound?)? = nil, order: QueryOrder, scope: Scope?) {
        self.access = access
        self.index = index
        self.keyPositions = keyPositions
        self.prefix = prefix
        self.from = range?.from
        self.to = range?.to
        self.order = order
        self.scope = scope
        self.via = nil
    }

    /// A query over a multikey index: the records whose array holds `element`, in primary-key order.
    public init(access: Access, multikey index: MultikeyIndex<Record>, element: StoreValue, order: QueryOrder, scope: Scope?) {
        self.access = access
        self.index = nil
        self.keyPositions = Record.primaryKeyPositions
        self.prefix = [element]
        self.from = nil
        self.to = nil
        self.order = order
        self.scope = scope
        self.via = index.table
    }

    /// The rows a query reads: the table's, or those a multikey side table's entries point to.
    struct Rows {
        var cursor: RowCursor
        let snapshot: Snapshot?

        mutating func next() throws -> Row? {
            while let row = cursor.next() {
                guard let snapshot else { return row }
                if let record = try snapshot.get(Record.tableName, primaryKey: Array(row.dropFirst())) { return record }
            }
            return nil
        }
    }

    private var direction: ScanDirection { order == .indexOrder ? .forward : .backward }

    func cursor(_ snapshot: Snapshot, after: PageCursor?) throws -> Rows {
        var from = self.from, to = self.to
        if let after {
            let rest = Array(after.key.dropFirst(prefix.count))
            if order == .indexOrder { from = .exclusive(rest) } else { to = .exclusive(rest) }
        }
        let rows = try snapshot.cursor(via ?? Record.tableName, index: index, prefix: prefix, from: from, to: to, direction: direction)
        return Rows(cursor: rows, snapshot: via == nil ? nil : snapshot)
    }

    /// Every column position of the record's table: what decoding a whole record reads.
    func allColumns(_ snapshot: any TableReader) throws -> Set<Int> {
        Set(try snapshot.tableCatalog.table(Record.tableName).columns.indices)
    }

    /// Up to `limit` records (clamped to `Record.maximumPageSize`: ``Page/maximumLimit`` unless the
    /// schema says `pages at most N`) after `cursor`, and the cursor of the next page.
    public func fetch(limit: Int = 50, after cursor: PageCursor? = nil) throws -> Page<Record> {
        // A plain page on the store reads its snapshot as it is: handed on as `any TableReader`
        // it was boxed (it does not fit an existential's inline buffer) and copied out again
        // for every page.
        if readsPlainly, let store = (access as? StoreAccess)?.store {
            return try store.read { try plainPage(limit: Self.pageLimit(limit), after: cursor, in: $0) }
        }
        return try access.withSnapshot { try fetch(limit: limit, after: cursor, in: $0) }
    }

    /// `limit` clamped to `1…Record.maximumPageSize` (``Page/maximumLimit`` unless the schema
    /// says `pages at most N`).
    static func pageLimit(_ limit: Int) -> Int { Swift.max(1, Swift.min(limit, Record.maximumPageSize)) }

    func fetch(limit: Int, after cursor: PageCursor?, in snapshot: any TableReader, statistics: ScanStatistics? = nil) throws -> Page<Record> {
        if isPlanned {
            // A later page reads the index its cursor was made with; only the first page chooses.
            let query = try cursor?.plannedIndex.map { try resolved(in: snapshot, resumingWith: $0) } ?? resolved(in: snapshot)
            let page = try query.fetch(limit: limit, after: cursor, in: snapshot, statistics: statistics)
            let next = page.next.map { PageCursor(key: $0.key, plannedIndex: query.plannedIndexName) }
            return Page(items: page.items, next: next, tokenMaker: page.tokenMaker)
        }
        let limit = Self.pageLimit(limit)
        // A repository's index method on the store: no filter machinery to set up (a run with
        // statistics counts what that machinery does, so it takes the general path).
        if statistics == nil, readsPlainly, let store = snapshot as? Snapshot {
            return try plainPage(limit: limit, after: cursor, in: store)
        }
        let columns = try allColumns(snapshot)
        // The page's last record's cursor-key columns: decoded from its stored bytes (a reused
        // row, nothing else built), or the row of values the scan made. Only a full page has a
        // next page, so only the record that fills it is decoded for its key.
        var keyRow = Row(repeating: .null, count: columns.count)
        let keyColumns = ColumnProjection(Set(keyPositions), columnCount: columns.count)
        var more = false
        // Records go straight into the result's storage, decoded by `Record`'s own static
        // functions: in code not specialized for the record type (another module's), an
        // `items.append` or a call of this query's `record(_:stored:statistics:)` per row looked
        // up the array's or the query's generic metadata every time (6.7% of the typed newest 100,
        // Benchmarks/results/2026-12-05-fetchrow-perf-before.txt).
        let items = try [Record](unsafeUninitializedCapacity: limit) { buffer, taken in
            // The row after the page's last only tells that more follow: it is not decoded.
            try forEachMatch(reading: columns, in: snapshot, after: cursor, statistics: statistics, expected: limit + 1, storedRows: true) { row, stored in
                if taken == limit {
                    more = true
                    return false
                }
                let record: Record
                if let stored {
                    record = try Record.decode(stored: stored, statistics: statistics)
                } else {
                    statistics?.recordsDecodedFromRows += 1
                    record = try Record.decode(row)
                }
                (buffer.baseAddress! + taken).initialize(to: record)
                taken += 1
                guard taken == limit else { return true }
                if let stored {
                    guard RowCodec.decode(stored, projection: keyColumns, into: &keyRow) else {
                        throw RecordError.undecodable(entity: Record.entityName, reason: "the key columns do not decode")
                    }
                } else {
                    keyRow = row
                }
                return true
            }
        }
        let last = items.isEmpty ? nil : keyPositions.map { keyRow[$0] }
        let next = more ? last.map { PageCursor(key: (via == nil ? [] : prefix) + $0) } : nil
        return Page(items: items, next: next, tokenMaker: tokenMaker(snapshot))
    }

    /// The record a scan handed on: read straight from its stored bytes when the scan read
    /// them, else from the row of values it made (a covering index entry, another backend's row).
    func record(_ row: Row, stored: UnsafeBufferPointer<UInt8>?, statistics: ScanStatistics?) throws -> Record {
        if let stored { return try Record.decode(stored: stored, statistics: statistics) }
        statistics?.recordsDecodedFromRows += 1
        return try Record.decode(row)
    }

    /// Every matching record (no page cap).
    public func all() throws -> [Record] {
        try access.withSnapshot { snapshot in
            let columns = try allColumns(snapshot)
            var items: [Record] = []
            try resolved(in: snapshot).forEachMatch(reading: columns, in: snapshot, after: nil, storedRows: true) { row, stored in
                items.append(try record(row, stored: stored, statistics: nil))
                return true
            }
            return items
        }
    }

    /// The first matching record: the scan stops at the first row that matches, and only that
    /// row is decoded into a record.
    public func first() throws -> Record? {
        try access.withSnapshot { snapshot in
            let columns = try allColumns(snapshot)
            var found: Record?
            try resolved(in: snapshot).forEachMatch(reading: columns, in: snapshot, after: nil, expected: 1, storedRows: true) { row, stored in
                found = try record(row, stored: stored, statistics: nil)
                return false
            }
            return found
        }
    }

    /// The number of matching records.
    public func count() throws -> Int {
        try access.withSnapshot { snapshot in
            let query = try resolved(in: snapshot, reading: [])
            guard query.scope != nil || query.filter != nil else {
                return try snapshot.count(via ?? Record.tableName, index: query.index, prefix: query.prefix, from: query.from, to: query.to)
            }
            if !(snapshot is Snapshot), let request = try query.pushdownRequest(in: snapshot, after: nil, operation: .aggregate(.count(groups: []))),
               case .groups(let groups)? = try snapshot.pushdown(request), case .int(let n)? = groups.first?.value {
                return Int(n)
            }
            var count = 0
            try query.forEachMatch(reading: [], in: snapshot) { _ in count += 1 }
            return count
        }
    }
}
