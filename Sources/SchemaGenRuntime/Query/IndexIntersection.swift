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
    /// The chosen index's position and the bytes its range's keys all start with (whole columns).
    let index: Int
    let prefix: [UInt8]
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
                  definition.columns.dropFirst(partnerFixed).elementsEqual(chosen.columns.dropFirst(fixed)),
                  definition.orders.dropFirst(partnerFixed).elementsEqual(chosen.orders.dropFirst(fixed)) else { continue }
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
            self.prefix = IndexKeyEncoder.encode(query.prefix, orders: chosen.orders)
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
    ///
    /// Neither range is walked past what the other allows: the partner is looked up at each of
    /// the chosen range's entries (stepping, or seeking when far ahead), and when the chosen range
    /// meets ``SortedKeyTails/stepsBeforeSeek`` entries in a row that the partner lacks, it seeks
    /// to the partner's next entry instead of stepping on; it stops when the partner has no more.
    /// So either side may be the denser one (the planner need not count them to choose).
    func run(_ snapshot: Snapshot, table: ResolvedTable, range: (lower: KeyBound?, upper: KeyBound?), statistics: ScanStatistics?,
             _ body: (Row) throws -> Bool) throws {
        let tables = snapshot.state.tables[table.id]
        let tree = tables.indexes[index]
        var partnerEntries = SortedKeyTails(tables.indexes[partner], prefix: partnerPrefix, bounds: partnerBounds)
        let prefix = self.prefix, prefixLength = prefix.count
        let width = table.definition.columns.count
        let none = ColumnProjection([], columnCount: width)
        var lower = range.lower
        var misses = 0
        while true {
            var entries = BTreeRangeIterator(tree, lower: lower, upper: range.upper, reverse: false)
            var skip: [UInt8]?
            let going = try scan.run(&entries, table: table, primary: tables.primary, index: table.indexes[index].name, projection: (none, none),
                                     statistics: statistics, fixed: prefix, fetchingAhead: false, pageFaults: snapshot.state.pageFaults,
                                     admitting: { key -> Bool? in
                                         statistics?.intersectionEntries += 1
                                         guard key.count >= prefixLength else { return false }
                                         if partnerEntries.contains(UnsafeBufferPointer(rebasing: key[prefixLength...])) {
                                             misses = 0
                                             return true
                                         }
                                         // No later entry can be in both ranges.
                                         if partnerEntries.isExhausted { return nil }
                                         misses += 1
                                         guard misses >= SortedKeyTails.stepsBeforeSeek, let next = partnerEntries.nextTail else { return false }
                                         skip = next
                                         return nil
                                     }, { row, _ in try body(row) })
            guard going, let skip else { break }
            misses = 0
            statistics?.intersectionSeeks += 1
            // Past the current entry (below the partner's next tail), so inside the range's lower bound.
            lower = .inclusive(prefix + skip)
        }
        statistics?.intersectionEntries += partnerEntries.entriesRead
        statistics?.intersectionSeeks += partnerEntries.seeks
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
    /// Nil until the first lookup seeks. Stepped where it lies (`entries!`): a copy of the
    /// iterator per lookup (its path, leaf and buffers retained and released) was a quarter of
    /// the count benchmark's time.
    private var entries: BTreeRangeIterator?
    /// The entry found past the last tail asked, its bytes past the prefix; an object, so the
    /// stepping closure writes it without touching `self` while ``entries`` is stepped.
    private let pending = KeyTailBuffer()
    private var hasPending = false
    /// Whether the range has no entry past those read.
    private(set) var isExhausted = false
    /// Entries read and seeks made (for tests: which side is walked, and how far).
    private(set) var entriesRead = 0
    private(set) var seeks = 0
    /// How many entries a lookup steps over before it seeks instead: a step reads the next
    /// key in the leaf, a seek descends from the root.
    static let stepsBeforeSeek = 8

    init(_ tree: BTree, prefix: [UInt8], bounds: (lower: KeyBound?, upper: KeyBound?)) {
        self.tree = tree
        self.prefix = prefix
        self.lower = bounds.lower
        self.upper = bounds.upper
    }

    /// The bytes past the prefix of the entry found past the last tail asked, nil when none
    /// was found (no lookup yet, the last one matched, or the range ended).
    var nextTail: [UInt8]? { hasPending ? pending.bytes : nil }

    /// Whether the range holds an entry whose bytes past the prefix are `tail`; `tail` must not
    /// precede any tail asked before.
    mutating func contains(_ tail: UnsafeBufferPointer<UInt8>) -> Bool {
        if hasPending {
            let order = pending.compare(with: tail)
            if order > 0 { return false }
            hasPending = false
            if order == 0 { return true }
        }
        let prefixLength = prefix.count
        let pending = self.pending
        var steps = 0
        while !isExhausted {
            if entries == nil || steps == Self.stepsBeforeSeek {
                // Start (again) at the first entry not below the tail, unless the range starts later.
                let wanted = prefix + Array(tail)
                var start = KeyBound.inclusive(wanted)
                if let lower, lower.key.lexicographicallyPrecedes(wanted) == false, lower.key != wanted || Self.isExclusive(lower) { start = lower }
                entries = BTreeRangeIterator(tree, lower: start, upper: upper, reverse: false)
                seeks += 1
                steps = 0
            }
            let order: Int? = entries!.nextEntry { key, _ -> Int in
                let rest = key.count > prefixLength ? UnsafeBufferPointer(rebasing: key[prefixLength...]) : UnsafeBufferPointer(start: nil, count: 0)
                let order = ByteOrder.compare(rest.baseAddress, rest.count, tail)
                if order > 0 { pending.set(rest) }
                return order
            }
            guard let order else {
                isExhausted = true
                return false
            }
            entriesRead += 1
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

/// Key bytes kept between lookups, reused. Owned by one ``SortedKeyTails``, which never
/// reads it while writing it, so its accesses go unchecked (the checks cost more than the copy).
final class KeyTailBuffer {
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []

    func set(_ tail: UnsafeBufferPointer<UInt8>) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: tail)
    }

    func compare(with tail: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { ByteOrder.compare($0.baseAddress, $0.count, tail) }
    }
}
