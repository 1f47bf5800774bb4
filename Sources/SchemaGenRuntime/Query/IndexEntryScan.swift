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

    /// The scan of `index` for a query with `filter` and `scope` whose caller reads the row
    /// positions `reading` of each matching row.
    init(index: ResolvedIndex, table: ResolvedTable, filter: QueryFilter<Record>?, scope: Scope?, reading: Set<Int>) {
        let fullLayout = index.columns + table.primaryKey
        let keyColumns = Set(fullLayout)
        var keyConditions: [QueryFilter<Record>] = [], rowConditions: [QueryFilter<Record>] = []
        for conjunct in filter?.conjuncts ?? [] {
            if conjunct.columnPositions.isSubset(of: keyColumns) { keyConditions.append(conjunct) } else { rowConditions.append(conjunct) }
        }
        let scopeInKey = scope.map { Set($0.positions).isSubset(of: keyColumns) } ?? true
        fetchesRow = !rowConditions.isEmpty || !scopeInKey || !reading.isSubset(of: keyColumns)
        // Only the key columns up to the last one read are decoded (the key is read in order).
        var used = Set(keyConditions.flatMap(\.columnPositions))
        if scopeInKey, let scope { used.formUnion(scope.positions) }
        if !fetchesRow { used.formUnion(reading) }
        let count = (fullLayout.lastIndex { used.contains($0) } ?? -1) + 1
        layout = Array(fullLayout.prefix(count))
        orders = Array((index.orders + table.primaryKey.map { _ in ColumnOrder.ascending }).prefix(count))
        self.keyConditions = keyConditions
        self.rowConditions = rowConditions
        self.scopeInKey = scopeInKey
    }

    /// Calls `body` with each matching row in scan order: a row with only the key columns set
    /// when the scan is index-only, else the stored row. The row passed is reused between
    /// calls, so `body` must not keep it.
    func run(_ entries: inout BTreeRangeIterator, table: ResolvedTable, primary: BTree, index: String, scope: Scope?,
             _ body: (Row) throws -> Void) throws {
        var keyRow = Row(repeating: .null, count: table.definition.columns.count)
        var dangling = false
        let (layout, orders, fetchesRow) = (self.layout, self.orders, self.fetchesRow)
        while try entries.nextEntry({ key, _ -> Bool in
            var position = 0
            var decoded = true
            for i in layout.indices {
                guard let value = try? IndexKeyDecoder.value(key, at: &position, order: orders[i]) else {
                    decoded = false
                    break
                }
                keyRow[layout[i]] = value
            }
            // An entry whose key does not decode is checked on its row instead (as the row cursor does).
            if decoded {
                for condition in keyConditions where condition.evaluate(keyRow) != true { return true }
                if scopeInKey, let scope, !scope.contains(keyRow) { return true }
                if !fetchesRow {
                    try body(keyRow)
                    return true
                }
            }
            guard let range = IndexKeys.primaryKeyRange(ofEntry: key),
                  let row = primary.withValue(forKey: UnsafeBufferPointer(rebasing: key[range]), { RowDecoding.decode($0, table: table) })
            else {
                dangling = true
                return false
            }
            if !decoded { for condition in keyConditions where condition.evaluate(row) != true { return true } }
            for condition in rowConditions where condition.evaluate(row) != true { return true }
            if let scope, !decoded || !scopeInKey, !scope.contains(row) { return true }
            try body(row)
            return true
        }) == true {}
        if dangling { throw StoreError.danglingIndexEntry(table: table.name, index: index) }
    }
}
