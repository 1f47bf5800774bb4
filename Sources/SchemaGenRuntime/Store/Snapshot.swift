/// One end of a scan, in index order, given as values for the index columns after the prefix.
///
/// Bounds are in the order the index stores keys: for a descending column the scan's start
/// (`from`) is the larger value. A bound may name fewer columns than remain; an inclusive bound
/// then includes every key beginning with those values.
public enum ScanBound: Sendable, Hashable {
    /// Includes keys equal to (or beginning with) these values.
    case inclusive([StoreValue])
    /// Excludes keys equal to (or beginning with) these values.
    case exclusive([StoreValue])
}

/// The direction a scan walks its index.
public enum ScanDirection: Sendable, Hashable {
    /// In index order.
    case forward
    /// In reverse index order.
    case backward
}

/// A consistent, immutable view of the whole store at one commit.
///
/// Taking a snapshot costs a lock-protected pointer copy; reading it never waits for writers,
/// and it keeps seeing the same data however long it is held.
public struct Snapshot: Sendable {
    let schema: ResolvedSchema
    let state: StoreState
    /// The page-token secret of the store the snapshot was taken from (nil for a bare state).
    let pageTokens: PageTokenKeys?
    /// The store's kept index estimates the planner reads (nil for a bare state: it counts instead).
    let plannerStatistics: PlannerStatistics?

    init(schema: ResolvedSchema, state: StoreState, pageTokens: PageTokenKeys? = nil, plannerStatistics: PlannerStatistics? = nil) {
        self.schema = schema
        self.state = state
        self.pageTokens = pageTokens
        self.plannerStatistics = plannerStatistics
    }

    /// The row of `table` with the given primary-key values.
    public func get(_ table: String, primaryKey: [StoreValue]) throws -> Row? {
        let t = try schema.table(table)
        let row = state.row(t, key: IndexKeyEncoder.encode(primaryKey))
        try state.pageFaults?.check()
        return row
    }

    /// The row of `table` whose single-column primary key is `primaryKey`.
    public func get(_ table: String, primaryKey: StoreValue) throws -> Row? {
        try get(table, primaryKey: [primaryKey])
    }

    /// The first row (in index order) whose leading `index` columns equal `key`; for a unique
    /// index, the one row with that key.
    public func get(_ table: String, index: String, key: [StoreValue]) throws -> Row? {
        var c = try cursor(table, index: index, prefix: key)
        let row = c.next()
        if let failure = c.failure { throw failure }
        return row
    }

    /// The rows of `table` in the order of `index` (nil: the primary key) whose leading columns
    /// equal `prefix` and whose following columns lie between `from` and `to`, at most `limit` of them.
    public func scan(_ table: String, index: String? = nil, prefix: [StoreValue] = [], from: ScanBound? = nil,
                     to: ScanBound? = nil, direction: ScanDirection = .forward, limit: Int? = nil) throws -> [Row] {
        var c = try cursor(table, index: index, prefix: prefix, from: from, to: to, direction: direction)
        // The rows of an index's entries are fetched ahead, as many as the scan takes at most.
        c.fetchAheadForEntries(limit: limit)
        var rows: [Row] = []
        let limit = limit ?? Int.max
        // A small limit is what most scans ask for (the newest 100, a top 10): one allocation.
        if limit <= 256 { rows.reserveCapacity(limit) }
        while rows.count < limit, let row = c.next() { rows.append(row) }
        if let failure = c.failure { throw failure }
        try state.pageFaults?.check()
        return rows
    }

    /// A lazy cursor over the same rows ``scan(_:index:prefix:from:to:direction:limit:)`` returns.
    public func cursor(_ table: String, index: String? = nil, prefix: [StoreValue] = [], from: ScanBound? = nil,
                       to: ScanBound? = nil, direction: ScanDirection = .forward) throws -> RowCursor {
        let t = try schema.table(table)
        let tables = state.tables[t.id]
        guard let index else {
            let orders = [ColumnOrder](repeating: .ascending, count: t.primaryKey.count)
            let (lower, upper) = Self.bounds(prefix: prefix, from: from, to: to, orders: orders)
            return RowCursor(table: t, primary: tables.primary, index: nil,
                             entries: BTreeRangeIterator(tables.primary, lower: lower, upper: upper, reverse: direction == .backward),
                             pageFaults: state.pageFaults)
        }
        let i = try t.index(named: index)
        let (lower, upper) = Self.bounds(prefix: prefix, from: from, to: to, orders: t.indexes[i].orders)
        return RowCursor(table: t, primary: tables.primary, index: i,
                         entries: BTreeRangeIterator(tables.indexes[i], lower: lower, upper: upper, reverse: direction == .backward),
                         pageFaults: state.pageFaults)
    }

    /// The number of rows in `table`.
    public func count(_ table: String) throws -> Int {
        state.tables[try schema.table(table).id].primary.count
    }

    /// The number of rows a scan with these arguments would return.
    public func count(_ table: String, index: String?, prefix: [StoreValue] = [], from: ScanBound? = nil,
                      to: ScanBound? = nil) throws -> Int {
        var c = try cursor(table, index: index, prefix: prefix, from: from, to: to)
        var n = 0
        while c.nextKey() != nil { n += 1 }
        try state.pageFaults?.check()
        return n
    }

    /// Checks every tree's structure and that every index holds exactly the entries its table's rows imply.
    public func checkInvariants() throws {
        try StoreConsistency.check(state, schema: schema)
    }

    /// Byte-string bounds for a scan: the prefix, then the bound's values, each column in its own order.
    static func bounds(prefix: [StoreValue], from: ScanBound?, to: ScanBound?, orders: [ColumnOrder]) -> (KeyBound?, KeyBound?) {
        let base = IndexKeyEncoder.encode(prefix, orders: orders)
        func encode(_ values: [StoreValue]) -> [UInt8] {
            IndexKeyEncoder.encode(prefix + values, orders: orders)
        }
        var lower: KeyBound? = base.isEmpty ? nil : .inclusive(base)
        switch from {
        case .inclusive(let v)?: lower = .inclusive(encode(v))
        case .exclusive(let v)?: lower = ByteOrder.successor(ofPrefix: encode(v)).map(KeyBound.inclusive) ?? .exclusive(encode(v))
        case nil: break
        }
        var upper: KeyBound? = base.isEmpty ? nil : ByteOrder.successor(ofPrefix: base).map(KeyBound.exclusive)
        switch to {
        case .inclusive(let v)?: upper = ByteOrder.successor(ofPrefix: encode(v)).map(KeyBound.exclusive)
        case .exclusive(let v)?: upper = .exclusive(encode(v))
        case nil: break
        }
        return (lower, upper)
    }
}

/// A lazy sequence of rows from a scan, decoded one at a time.
public struct RowCursor: Sequence, IteratorProtocol {
    let table: ResolvedTable
    let primary: BTree
    let index: Int?
    var entries: BTreeRangeIterator
    /// For a covering index: the row column of each encoded key column, and each one's order.
    private let covering: (layout: [Int], orders: [ColumnOrder])?
    /// The same as a plain value, when it fits one (``CoveredLayout``): the per-entry closure
    /// then captures nothing reference-counted.
    private let coveredLayout: CoveredLayout?
    private let columnCount: Int
    /// Fetches the rows of the next index entries ahead (``BTreeFetchAhead``), when set.
    private var fetchAhead: BTreeFetchAhead?
    /// Why iteration stopped early: an index entry named a missing row (damage the checksums
    /// could not catch). `nil` when the cursor ended at the end of its range.
    public private(set) var failure: StoreError?
    /// Where damage met reading the page file is recorded; checked when the cursor ends.
    private let pageFaults: PageFaults?

    init(table: ResolvedTable, primary: BTree, index: Int?, entries: BTreeRangeIterator, pageFaults: PageFaults? = nil) {
        self.pageFaults = pageFaults
        self.table = table
        self.primary = primary
        self.index = index
        self.entries = entries
        columnCount = table.definition.columns.count
        // Worked out once per scan rather than once per row.
        if let index, let layout = table.indexes[index].coveringLayout {
            let orders = table.indexes[index].coveringOrders
            coveredLayout = CoveredLayout(layout, orders, columnCount: columnCount)
            // The arrays only when the plain value cannot hold the layout: held here, they were
            // retained and released once more with every cursor made and ended.
            covering = coveredLayout == nil ? (layout, orders) : nil
        } else {
            covering = nil
            coveredLayout = nil
        }
    }

    /// Fetches each entry's row ahead, in batches, for a cursor that takes at most `limit` rows
    /// (nil: maybe all): only over an index whose entries do not cover the row, where every entry
    /// costs a descent of the primary tree. Their misses then overlap ("Newest 100" under
    /// "Benchmark results" in docs/storage.md).
    mutating func fetchAheadForEntries(limit: Int?) {
        guard index != nil, covering == nil, coveredLayout == nil else { return }
        fetchAhead = BTreeFetchAhead(limit: limit)
    }

    /// The cursor's read-ahead; nil when it does not fetch ahead (for tests).
    var readAhead: BTreeFetchAhead? { fetchAhead }

    /// The next row, or nil at the end of the range (or, with ``failure`` set, at damage).
    public mutating func next() -> Row? {
        let row = nextRow()
        if row == nil, failure == nil, let fault = pageFaults?.first { failure = fault }
        return row
    }

    private mutating func nextRow() -> Row? {
        guard index != nil else {
            let table = self.table
            return entries.nextValue { RowDecoding.decode($0, table: table) }
        }
        guard failure == nil, let index else { return nil }
        let row: Row??
        if let layout = coveredLayout {
            // The closure captures only plain values, so no entry retains or releases anything
            // but the row it makes. An entry that does not decode (damage the checksums cannot
            // see) has its primary key copied out and its row fetched, as below.
            var undecoded: [UInt8]?
            let covered = entries.nextEntry { key, _ -> Row? in
                if let row = layout.row(from: key) { return row }
                undecoded = Array(key)
                return nil
            }
            guard let covered else { return nil }
            if let key = undecoded {
                let primary = self.primary, table = self.table
                row = key.withUnsafeBufferPointer { Self.fetchRow(primaryKeyOf: $0, from: primary, table: table) }
            } else {
                row = covered
            }
        } else if let covering = self.covering {
            let primary = self.primary, table = self.table
            let columnCount = self.columnCount
            row = entries.nextEntry { key, _ -> Row? in
                if let row = Self.coveredRow(key, covering.layout, covering.orders, columnCount) { return row }
                return Self.fetchRow(primaryKeyOf: key, from: primary, table: table)
            }
        } else {
            let primary = self.primary, table = self.table
            fetchAhead?.prepare(entries, primary: primary)
            // The entry's bytes are used in place: its primary key is a slice of the key's rest
            // past the leaf's shared prefix (loading checked that its length fits), so the key
            // is put together only when the primary key reaches into the prefix.
            row = entries.nextEntryParts { prefix, rest, _ -> Row? in
                IndexKeys.withPrimaryKey(ofEntryPrefix: prefix, rest: rest) { key in
                    primary.withValue(forKey: key, { RowDecoding.decode($0, table: table) })
                } ?? nil
            }
        }
        guard let row else { return nil }
        guard let row else {
            // A row that reads as absent because its page record is damaged (the fault recorded
            // on the way) is that damage, not an entry naming a missing row.
            failure = pageFaults?.first ?? .danglingIndexEntry(table: self.table.name, index: self.table.indexes[index].name)
            return nil
        }
        return row
    }

    /// The row an index entry `key` names, fetched by the primary key it ends with.
    private static func fetchRow(primaryKeyOf key: UnsafeBufferPointer<UInt8>, from primary: BTree, table: ResolvedTable) -> Row? {
        let primaryKey = UnsafeBufferPointer(rebasing: key[IndexKeys.primaryKeyRange(ofEntry: key)!])
        return primary.withValue(forKey: primaryKey, { RowDecoding.decode($0, table: table) })
    }

    /// The row read from a covering index entry: index columns, then primary-key columns.
    static func coveredRow(_ buffer: UnsafeBufferPointer<UInt8>, _ layout: [Int], _ orders: [ColumnOrder], _ columnCount: Int) -> Row? {
        // Reserved and filled rather than `Row(repeating:count:)`, which looks up the array's
        // generic metadata on every call (7.6% of a leaderboard's samples,
        // Benchmarks/results/2026-12-04-scanpath-perf-before.txt).
        var row: Row = []
        row.reserveCapacity(columnCount)
        for _ in 0..<columnCount { row.append(.null) }
        var position = 0
        for i in layout.indices {
            guard let value = try? IndexKeyDecoder.value(buffer, at: &position, order: orders[i]) else { return nil }
            row[layout[i]] = value
        }
        return row
    }

    /// Advances without decoding the row (for counting).
    mutating func nextKey() -> [UInt8]? { entries.nextKey() }
}
