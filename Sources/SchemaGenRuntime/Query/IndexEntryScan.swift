import Foundation

/// How a filtered scan of a secondary index reads each entry: the leading key columns it
/// decodes from the entry itself, the conditions those columns decide, and whether the stored
/// row must be fetched at all. When every column the filter, scope and caller read is in the
/// entry key (index columns plus primary key), the scan is index-only ("covering"): no row is
/// fetched or decoded. Otherwise the row is fetched only for entries whose key part passed.
struct IndexEntryScan<Record: StoredRecord> {
    /// The row position of each entry-key column decoded, in key order, and its order.
    let layout: [Int]
    let orders: [ColumnOrder]
    /// The conjuncts of the filter decided by the decoded key columns alone.
    let keyConditions: [QueryFilter<Record>]
    /// The conjuncts that read columns outside the key (checked on the fetched row).
    let rowConditions: [QueryFilter<Record>]
    /// Whether the scope is checked on the key (its columns are all in it).
    let scopeInKey: Bool
    /// Whether each matching entry's row is fetched and decoded.
    let fetchesRow: Bool
    /// The scope, checked on each entry (or fetched row) and for ``checkPositions``.
    let scope: Scope?

    /// The scan of `index` for a query whose filter's `&&` terms left to check are `conjuncts`
    /// (``RowChecks/conjuncts``, taken as they are: joining and splitting them again cost a
    /// tenth of the count query's planning) and `scope`, whose caller reads the row positions
    /// `reading` of each matching row.
    init(index: ResolvedIndex, table: ResolvedTable, conjuncts: [QueryFilter<Record>], scope: Scope?, reading: Set<Int>) {
        let fullLayout = index.columns + table.primaryKey
        // Flags by row position rather than sets: this runs for every query (the count
        // benchmark's scan set-up).
        let width = table.definition.columns.count
        var inKey = [Bool](repeating: false, count: width)
        for position in fullLayout where position < width { inKey[position] = true }
        func isKey(_ position: Int) -> Bool { position >= 0 && position < width && inKey[position] }
        var keyConditions: [QueryFilter<Record>] = [], rowConditions: [QueryFilter<Record>] = []
        for conjunct in conjuncts {
            var inside = true
            conjunct.forEachColumn { if !isKey($0) { inside = false } }
            if inside { keyConditions.append(conjunct) } else { rowConditions.append(conjunct) }
        }
        let scopeInKey = scope.map { $0.positions.allSatisfy(isKey) } ?? true
        fetchesRow = !rowConditions.isEmpty || !scopeInKey || !reading.allSatisfy(isKey)
        assert(fetchesRow == Self.fetchesRow(index: index, table: table, conjuncts: conjuncts, scope: scope, reading: reading))
        // Only the key columns up to the last one read are decoded (the key is read in order).
        // A closure, not a key path: a key path into a generic type is instantiated at run time on
        // every call (the count benchmark's profile, Benchmarks/results/2026-12-03-queries-keypaths-200000.txt).
        var used = [Bool](repeating: false, count: width)
        func use(_ position: Int) { if position >= 0 && position < width { used[position] = true } }
        for condition in keyConditions { condition.forEachColumn(use) }
        if scopeInKey, let scope { scope.positions.forEach(use) }
        if !fetchesRow { reading.forEach(use) }
        let count = (fullLayout.lastIndex { $0 < width && used[$0] } ?? -1) + 1
        layout = Array(fullLayout.prefix(count))
        orders = Array((index.orders + table.primaryKey.map { _ in ColumnOrder.ascending }).prefix(count))
        self.keyConditions = keyConditions
        self.rowConditions = rowConditions
        self.scopeInKey = scopeInKey
        self.scope = scope
    }

    /// Whether the scan ``init(index:table:conjuncts:scope:reading:)`` makes would fetch rows
    /// (``fetchesRow``), worked out without making it: the planner asks it of every count or
    /// aggregate that may be intersected (``Query/intersected(in:table:reading:)``).
    static func fetchesRow(index: ResolvedIndex, table: ResolvedTable, conjuncts: [QueryFilter<Record>], scope: Scope?, reading: Set<Int>) -> Bool {
        let width = table.definition.columns.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: width) { inKey -> Bool in
            inKey.initialize(repeating: false)
            for position in index.columns where position < width { inKey[position] = true }
            for position in table.primaryKey where position < width { inKey[position] = true }
            func isKey(_ position: Int) -> Bool { position >= 0 && position < width && inKey[position] }
            var i = 0
            while i < conjuncts.count {
                var inside = true
                conjuncts[i].forEachColumn { if !isKey($0) { inside = false } }
                if !inside { return true }
                i += 1
            }
            if let scope, !scope.positions.allSatisfy(isKey) { return true }
            return !reading.allSatisfy(isKey)
        }
    }

    /// Calls `body` with each matching row in scan order until it returns false: a row with only
    /// the key columns set when the scan is index-only, else one with the key columns, then the
    /// columns of `projection.check` decoded from the stored row to check it, then, for a row
    /// that passed, those of `projection.read` (nothing else is built). The row
    /// passed is reused between calls, so `body` must not keep it; with it, the fetched row's
    /// stored bytes (nil for an index-only scan). An entry `admitting` rejects (false) is
    /// skipped before anything is decoded; when it answers nil, the scan ends there (returning
    /// true: `body` did not stop it), for its caller to go on elsewhere. Not optional, so not
    /// escaping: what it captures stays on the stack, unchecked at run time (an optional one's
    /// boxed state and exclusivity checks were a tenth of the count benchmark's time). `fixed` is the encoded prefix every entry of the
    /// range starts with (the probe's equal values; the range's bounds guarantee it): its columns
    /// are decoded once, and each entry is decoded from the first byte after it. Returns false
    /// when `body` stopped. When every entry's row is fetched (nothing is decided on the key), the
    /// rows of the next entries are fetched ahead (``BTreeFetchAhead``; at most `expected`, how
    /// many the caller takes, and with it through in-memory nodes only), unless `fetchingAhead`
    /// is false (a caller whose `admitting` rejects entries). An entry whose row is not found throws
    /// the first fault of `pageFaults` (the snapshot's: the row's record is damaged) if there is
    /// one, else ``StoreError/danglingIndexEntry(table:index:)``.
    @discardableResult
    func run(_ entries: inout BTreeRangeIterator, table: ResolvedTable, primary: BTree, index: String,
             projection: (check: ColumnProjection, read: ColumnProjection), statistics: ScanStatistics? = nil,
             fixed: [UInt8] = [], fetchingAhead: Bool = true, expected: Int? = nil, pageFaults: PageFaults? = nil,
             admitting: (UnsafeBufferPointer<UInt8>) -> Bool? = { _ in true },
             _ body: (Row, UnsafeBufferPointer<UInt8>?) throws -> Bool) throws -> Bool {
        var keyRow = Row(repeating: .null, count: table.definition.columns.count)
        let (skippedColumns, skippedBytes) = Self.decodePrefix(fixed, layout: layout, orders: orders, into: &keyRow)
        var dangling = false, stopped = false
        // Every field the per-entry closure reads is copied out of `self` first, and empty condition
        // lists are skipped by a flag: in unspecialized code (a record type from another module)
        // each touch of `self` or of a `[QueryFilter<Record>]` looks its generic metadata up in
        // the runtime's cache, which was a fifth of the grouped queries' time
        // (Benchmarks/results/2026-12-04-qspeed-perf-before-after.txt).
        let (layout, orders, fetchesRow, scope, scopeInKey) = (self.layout, self.orders, self.fetchesRow, self.scope, self.scopeInKey)
        let (keyConditions, rowConditions) = (self.keyConditions, self.rowConditions)
        let checksKey = !keyConditions.isEmpty, checksRow = !rowConditions.isEmpty
        // Ahead only when every entry's row is fetched (an entry the key or `admitting` rejects
        // would cost a descent for nothing); a scan with a limit through in-memory nodes only,
        // which measured faster for it where page records measured slower.
        var fetchAhead = fetchingAhead && fetchesRow && !checksKey && !(scopeInKey && scope != nil)
            ? BTreeFetchAhead(limit: expected) : nil
        while true {
            fetchAhead?.prepare(entries, primary: primary)
            guard try entries.nextEntry({ key, _ -> Bool in
                switch admitting(key) {
                case true?: break
                case false?: return true
                case nil: return false
                }
                var position = skippedBytes
                var decoded = true
                var i = skippedColumns
                while i < layout.count {
                    guard let value = try? IndexKeyDecoder.value(key, at: &position, order: orders[i]) else {
                        decoded = false
                        break
                    }
                    keyRow[layout[i]] = value
                    i += 1
                }
                // An entry whose key does not decode is checked on its whole row instead (as the row cursor does).
                if decoded {
                    if checksKey, !RowChecks.hold(keyConditions, keyRow, statistics) { return true }
                    if scopeInKey, let scope, !scope.contains(keyRow) { return true }
                    if !fetchesRow {
                        if try body(keyRow, nil) { return true }
                        stopped = true
                        return false
                    }
                }
                guard let range = IndexKeys.primaryKeyRange(ofEntry: key),
                      let going = try primary.withValue(forKey: UnsafeBufferPointer(rebasing: key[range]), { bytes -> Bool? in
                          if decoded {
                              guard RowCodec.decode(bytes, projection: projection.check, into: &keyRow) else { Self.undecodable(table) }
                          } else {
                              keyRow = RowDecoding.decode(bytes, table: table)
                              if checksKey, !RowChecks.hold(keyConditions, keyRow, statistics) { return nil }
                          }
                          if checksRow, !RowChecks.hold(rowConditions, keyRow, statistics) {
                              statistics?.noteRejected(keyRow)
                              return nil
                          }
                          if let scope, !decoded || !scopeInKey, !scope.contains(keyRow) {
                              statistics?.noteRejected(keyRow)
                              return nil
                          }
                          // Only a row that passed is decoded in the columns the caller reads.
                          if decoded, !projection.read.isEmpty, !RowCodec.decode(bytes, projection: projection.read, into: &keyRow) {
                              Self.undecodable(table)
                          }
                          // Called with the bytes in place, so a caller decoding a record reads them straight.
                          return try body(keyRow, bytes)
                      })
                else {
                    dangling = true
                    return false
                }
                // nil: the row was rejected.
                if going ?? true { return true }
                stopped = true
                return false
            }) == true else { break }
        }
        if dangling {
            // A row that reads as absent because its page record is damaged (the fault recorded
            // on the way) is that damage, not an entry naming a missing row (as ``RowCursor`` says).
            try pageFaults?.check()
            throw StoreError.danglingIndexEntry(table: table.name, index: index)
        }
        return !stopped
    }

    /// Decodes the whole columns of `fixed` (an encoded prefix of the entry keys) into `row` at
    /// the positions of `layout`: how many columns and bytes each entry's decoding then skips.
    /// (0, 0) when `fixed` does not end at a column's end (then every entry is decoded whole);
    /// when `layout` ends inside `fixed`, nothing is left to decode per entry.
    static func decodePrefix(_ fixed: [UInt8], layout: [Int], orders: [ColumnOrder], into row: inout Row) -> (columns: Int, bytes: Int) {
        guard !fixed.isEmpty else { return (0, 0) }
        return fixed.withUnsafeBufferPointer { bytes in
            var position = 0, columns = 0
            var values: [StoreValue] = []
            while position < bytes.count, columns < layout.count {
                guard let value = try? IndexKeyDecoder.value(bytes, at: &position, order: orders[columns]) else { return (0, 0) }
                values.append(value)
                columns += 1
            }
            guard position == bytes.count || columns == layout.count else { return (0, 0) }
            for (i, value) in values.enumerated() { row[layout[i]] = value }
            return (columns, position)
        }
    }

    /// The row positions a fetched row is decoded in to check it: those of the row conditions,
    /// and of the scope when it is not in the key.
    var checkPositions: Set<Int> {
        fetchesRow ? Self.positions(read: rowConditions, scope: scopeInKey ? nil : scope) : []
    }

    /// The row positions `conditions` and `scope` read: what a row is decoded in to check it.
    static func positions(read conditions: [QueryFilter<Record>], scope: Scope?) -> Set<Int> {
        var positions = Set<Int>()
        for condition in conditions { positions.formUnion(condition.columnPositions) }
        if let scope { positions.formUnion(scope.positions) }
        return positions
    }

    /// The row positions a fetched row that passed is decoded in for the caller: those it reads
    /// that the key part did not decode.
    func readPositions(_ reading: Set<Int>) -> Set<Int> {
        fetchesRow ? reading.subtracting(layout) : []
    }

    static func undecodable(_ table: ResolvedTable) -> Never {
        preconditionFailure("stored row of table '\(table.name)' does not decode; run Store.verify")
    }
}
