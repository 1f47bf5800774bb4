/// A count or aggregate answered by two secondary indexes at once, with no row fetched: the
/// chosen index's range is scanned (``IndexEntryScan``, index-only) and each entry is kept only
/// when the other index's range holds the same row. `chat = ? and author = ? and time range`
/// with indexes (chat, time) and (author, time): each one's range, past its fixed prefix, is
/// sorted by (time, primary key), encoded the same way, so the two ranges merge like sorted
/// lists and the row's chat need not be read from the row (PostgreSQL's BitmapAnd does the
/// same with bitmaps).
///
/// Used only when the entries alone then decide every term, the scope and the columns read;
/// otherwise the rows are fetched as before.
struct IndexIntersection<Record: StoredRecord> {
    /// The index-only scan of the chosen index, without the terms the partner's bounds guarantee.
    let scan: IndexEntryScan<Record>
    /// The chosen index's position and the bytes its range's keys all start with.
    let index: Int
    let prefixLength: Int
    /// The partner's position and its range.
    let partner: Int
    let partnerPrefix: [UInt8]
    let partnerBounds: (lower: KeyBound?, upper: KeyBound?)
    /// The partner's name, for ``QueryPlan/intersectedIndex``.
    let partnerName: String

    /// The intersection of `query`'s range (resolved, on a secondary index, one prefix, in index
    /// order) with the first of its ``Query/partners`` that makes it index-only for a caller
    /// reading `reading`; nil when none does. `checks` are what the query's own bounds leave.
    init?<Access>(_ query: Query<Record, Access>, table: ResolvedTable, checks: RowChecks<Record>, reading: Set<Int>) throws {
        guard query.via == nil, let name = query.index, query.probes.isEmpty, !query.prefix.isEmpty, query.order == .indexOrder else { return nil }
        let position = try table.index(named: name)
        let chosen = table.indexes[position]
        let fixed = query.prefix.count
        let ascendingKey = table.primaryKey.map { _ in ColumnOrder.ascending }
        for candidate in query.partners where candidate.index != name {
            guard let partnerName = candidate.index, candidate.probes.isEmpty, !candidate.prefix.isEmpty else { continue }
            let other = try table.index(named: partnerName)
            let definition = table.indexes[other]
            // Past their fixed prefixes both keys must hold the same columns in the same orders
            // (then the primary key), so equal rows have equal key tails and both sort by them.
            let partnerFixed = candidate.prefix.count
            guard definition.condition == nil, chosen.condition == nil,
                  Array(definition.columns.dropFirst(partnerFixed)) == Array(chosen.columns.dropFirst(fixed)),
                  Array(definition.orders.dropFirst(partnerFixed)) == Array(chosen.orders.dropFirst(fixed)) else { continue }
            let guarantee = ScanGuarantee(keyPositions: definition.columns + table.primaryKey, prefixes: [candidate.prefix],
                                          from: candidate.from, to: candidate.to, orders: definition.orders + ascendingKey)
            let conjuncts = checks.conjuncts.filter { !guarantee.implies($0) }
            let scope = checks.scope.flatMap { scope in
                zip(scope.positions, scope.values).allSatisfy { guarantee.fixes($0, to: [$1]) } ? nil : scope
            }
            let scan = IndexEntryScan<Record>(index: chosen, table: table, conjuncts: conjuncts, scope: scope, reading: reading)
            guard !scan.fetchesRow else { continue }
            self.scan = scan
            self.index = position
            self.prefixLength = IndexKeyEncoder.encode(query.prefix, orders: chosen.orders).count
            self.partner = other
            self.partnerPrefix = IndexKeyEncoder.encode(candidate.prefix, orders: definition.orders)
            self.partnerBounds = Snapshot.bounds(prefix: candidate.prefix, from: candidate.from, to: candidate.to, orders: definition.orders)
            self.partnerName = partnerName
            return
        }
        return nil
    }

    /// Calls `body` with each row (its key columns set) in both ranges, in index order, until it
    /// returns false; `range` is the chosen index's.
    func run(_ snapshot: Snapshot, table: ResolvedTable, range: (lower: KeyBound?, upper: KeyBound?), statistics: ScanStatistics?,
             _ body: (Row) throws -> Bool) throws {
        let tables = snapshot.state.tables[table.id]
        var entries = BTreeRangeIterator(tables.indexes[index], lower: range.lower, upper: range.upper, reverse: false)
        var partnerEntries = SortedKeyTails(tables.indexes[partner], prefix: partnerPrefix, bounds: partnerBounds)
        let prefixLength = self.prefixLength
        let width = table.definition.columns.count
        let none = ColumnProjection([], columnCount: width)
        try scan.run(&entries, table: table, primary: tables.primary, index: table.indexes[index].name, projection: (none, none),
                     statistics: statistics, admitting: { key in
                         key.count >= prefixLength && partnerEntries.contains(UnsafeBufferPointer(rebasing: key[prefixLength...]))
                     }, { row, _ in try body(row) })
    }
}

/// The entries of one index range, past a common prefix, looked up in ascending order: each
/// lookup steps forward from the last one, or seeks when the wanted tail is further on. The
/// first lookup seeks straight to its tail (no entry before it is wanted), so a range whose
/// chosen side is empty costs no descent. Entries stepped over are compared where they lie in
/// the tree; only one found past the tail asked is copied, to be compared with the next.
struct SortedKeyTails {
    private let tree: BTree
    private let prefix: [UInt8]
    private let lower: KeyBound?
    private let upper: KeyBound?
    private var entries: BTreeRangeIterator?
    /// The entry found past the last tail asked, its bytes past the prefix (reused between entries).
    private var pending: [UInt8] = []
    private var hasPending = false
    private var exhausted = false
    /// How many entries a lookup steps over before it seeks instead: a step reads the next
    /// key in the leaf, a seek descends from the root.
    static let stepsBeforeSeek = 8

    init(_ tree: BTree, prefix: [UInt8], bounds: (lower: KeyBound?, upper: KeyBound?)) {
        self.tree = tree
        self.prefix = prefix
        self.lower = bounds.lower
        self.upper = bounds.upper
    }

    /// Whether the range holds an entry whose bytes past the prefix are `tail`; `tail` must not
    /// precede any tail asked before.
    mutating func contains(_ tail: UnsafeBufferPointer<UInt8>) -> Bool {
        if hasPending {
            let order = pending.withUnsafeBufferPointer { ByteOrder.compare($0.baseAddress, $0.count, tail) }
            if order > 0 { return false }
            hasPending = false
            if order == 0 { return true }
        }
        var steps = 0
        while !exhausted {
            if entries == nil || steps == Self.stepsBeforeSeek {
                // Start (again) at the first entry not below the tail, unless the range starts later.
                let wanted = prefix + Array(tail)
                var start = KeyBound.inclusive(wanted)
                if let lower, lower.key.lexicographicallyPrecedes(wanted) == false, lower.key != wanted || Self.isExclusive(lower) { start = lower }
                entries = BTreeRangeIterator(tree, lower: start, upper: upper, reverse: false)
                steps = 0
            }
            let prefixLength = prefix.count
            // Taken out of `self` while stepping, so the closure writes no part of `self`.
            var iterator = entries!
            entries = nil
            var pending: [UInt8] = []
            swap(&pending, &self.pending)
            let order: Int? = iterator.nextEntry { key, _ -> Int in
                let rest = key.count > prefixLength ? UnsafeBufferPointer(rebasing: key[prefixLength...]) : UnsafeBufferPointer(start: nil, count: 0)
                let order = ByteOrder.compare(rest.baseAddress, rest.count, tail)
                if order > 0 {
                    pending.removeAll(keepingCapacity: true)
                    pending.append(contentsOf: rest)
                }
                return order
            }
            entries = iterator
            swap(&pending, &self.pending)
            guard let order else {
                exhausted = true
                return false
            }
            if order == 0 { return true }
            if order > 0 {
                hasPending = true
                return false
            }
            steps += 1
        }
        return false
    }

    private static func isExclusive(_ bound: KeyBound) -> Bool {
        if case .exclusive = bound { return true }
        return false
    }
}
