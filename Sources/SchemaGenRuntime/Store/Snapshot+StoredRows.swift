/// Reads that hand a row's stored bytes to the caller in place (a tree node's or the page
/// file's map) instead of decoding them into a ``Row``: what typed records decode from.
extension Snapshot {
    /// Calls `body` with the stored bytes of the row of `table` with the given primary-key
    /// values, valid during the call only; nil when there is no such row.
    @discardableResult
    func withStoredRow<R>(_ table: String, primaryKey: [StoreValue], _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        let t = try schema.table(table)
        let result = try state.tables[t.id].primary.withValue(forKey: IndexKeyEncoder.encode(primaryKey), body)
        try state.pageFaults?.check()
        return result
    }

    /// Calls `body` with the stored bytes of the first row (in index order) whose leading
    /// `index` columns equal `key`, as ``get(_:index:key:)`` finds it; nil when there is none.
    ///
    /// - Throws: ``StoreError/danglingIndexEntry(table:index:)`` when the entry names no row.
    @discardableResult
    func withStoredRow<R>(_ table: String, index: String, key: [StoreValue], _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        let t = try schema.table(table)
        let position = try t.index(named: index)
        let (lower, upper) = Self.bounds(prefix: key, from: nil, to: nil, orders: t.indexes[position].orders)
        var entries = BTreeRangeIterator(state.tables[t.id].indexes[position], lower: lower, upper: upper, reverse: false)
        let primary = state.tables[t.id].primary
        var dangling = false
        let result: R?? = try entries.nextEntry { entry, _ -> R? in
            guard let range = IndexKeys.primaryKeyRange(ofEntry: entry),
                  let result = try primary.withValue(forKey: UnsafeBufferPointer(rebasing: entry[range]), body) else {
                dangling = true
                return nil
            }
            return result
        }
        try state.pageFaults?.check()
        if dangling { throw StoreError.danglingIndexEntry(table: t.name, index: index) }
        return result ?? nil
    }
}
