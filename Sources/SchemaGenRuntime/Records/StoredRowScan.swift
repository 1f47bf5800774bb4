/// The rows of one range of a table's primary key or of one of its indexes, handed on as a typed
/// read decodes them: each row's stored bytes in place, or the row a covering index entry holds.
///
/// Not generic, on purpose: the typed reads of generated repositories run in code that is not
/// specialized for their record types (the records live in another module), where every generic
/// type touched per query or per row looked its metadata up in the runtime's cache. A plain
/// page (``Query/plainPage(limit:after:in:)``) runs this scan and only decodes the records in
/// generic code.
struct StoredRowScan {
    private let table: ResolvedTable
    private let primary: BTree
    private let index: Int?
    private var entries: BTreeRangeIterator
    private let pageFaults: PageFaults?

    /// One row of the scan as it was found.
    enum Found {
        /// The row's stored bytes, in place (valid during the call only).
        case stored(UnsafeBufferPointer<UInt8>)
        /// The row a covering index entry holds (its columns in their places), reused for the
        /// next entry: a caller that keeps it rather than its values makes that entry copy it.
        case covered(Row)
    }

    /// The scan of `table`'s rows in the order of `index` (nil: the primary key) whose leading
    /// key columns equal `prefix` and whose next ones lie between `from` and `to`: the rows
    /// ``Snapshot/cursor(_:index:prefix:from:to:direction:)`` reads.
    init(_ snapshot: Snapshot, table: ResolvedTable, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?,
         reverse: Bool) throws {
        let trees = snapshot.state.tables[table.id]
        self.table = table
        primary = trees.primary
        pageFaults = snapshot.state.pageFaults
        guard let index else {
            self.index = nil
            let orders = [ColumnOrder](repeating: .ascending, count: table.primaryKey.count)
            let (lower, upper) = Snapshot.bounds(prefix: prefix, from: from, to: to, orders: orders)
            entries = BTreeRangeIterator(trees.primary, lower: lower, upper: upper, reverse: reverse)
            return
        }
        let position = try table.index(named: index)
        self.index = position
        let (lower, upper) = Snapshot.bounds(prefix: prefix, from: from, to: to, orders: table.indexes[position].orders)
        entries = BTreeRangeIterator(trees.indexes[position], lower: lower, upper: upper, reverse: reverse)
    }

    /// Calls `body` with each row in scan order until it returns false: its stored bytes, or for
    /// a covering index the row its entry holds. An entry whose key does not decode has its row
    /// fetched instead, as ``RowCursor`` does.
    ///
    /// - Throws: what `body` throws; the snapshot's first page fault (damage met on the way);
    ///   ``StoreError/danglingIndexEntry(table:index:)`` for an entry naming no row.
    mutating func forEach(_ body: (Found) throws -> Bool) throws {
        let primary = self.primary
        var dangling = false
        if let index {
            let definition = table.indexes[index]
            if let layout = definition.coveringLayout {
                let (orders, width) = (definition.coveringOrders, table.definition.columns.count)
                let packed = CoveredLayout(layout, orders, columnCount: width)
                // One row for the whole scan, each entry's columns decoded over the last's: no
                // row is allocated per entry while `body` keeps none.
                // Reserved and filled rather than `Row(repeating:count:)`, which looks the array's
                // metadata up (as ``RowCursor/coveredRow(_:_:_:_:)`` notes).
                var reused: Row = []
                reused.reserveCapacity(width)
                for _ in 0..<width { reused.append(.null) }
                while true {
                    // The entry closure captures only plain values when the layout packs into
                    // one (as ``RowCursor``'s does): no entry retains or releases anything. An
                    // entry whose key does not decode (damage the checksums cannot see) has its
                    // key copied out and its row fetched by primary key.
                    var undecoded: [UInt8]?
                    let entry: Row?? = if let packed {
                        entries.nextEntry { key, _ -> Row? in
                            if packed.decode(key, into: &reused) { return reused }
                            undecoded = Array(key)
                            return nil
                        }
                    } else {
                        entries.nextEntry { key, _ -> Row? in
                            if let row = RowCursor.coveredRow(key, layout, orders, width) { return row }
                            undecoded = Array(key)
                            return nil
                        }
                    }
                    guard let entry else { break }
                    let going: Bool?
                    if let row = entry {
                        going = try body(.covered(row))
                    } else {
                        going = try undecoded?.withUnsafeBufferPointer { key -> Bool? in
                            guard let range = IndexKeys.primaryKeyRange(ofEntry: key) else { return nil }
                            return try primary.withValue(forKey: UnsafeBufferPointer(rebasing: key[range])) { try body(.stored($0)) }
                        } ?? nil
                    }
                    guard let going else {
                        dangling = true
                        break
                    }
                    if !going { break }
                }
            } else {
                // The entry's bytes in place, its primary key put together only when it reaches
                // into the leaf's shared prefix (as ``RowCursor`` reads them).
                while let going = try entries.nextEntryParts({ prefix, rest, _ -> Bool? in
                    try IndexKeys.withPrimaryKey(ofEntryPrefix: prefix, rest: rest) { key in
                        try primary.withValue(forKey: key) { try body(.stored($0)) }
                    } ?? nil
                }) {
                    guard let going else {
                        dangling = true
                        break
                    }
                    if !going { break }
                }
            }
        } else {
            while let going = try entries.nextEntry({ _, value in try body(.stored(value)) }), going {}
        }
        // A row that reads as absent because its page record is damaged (the fault recorded on
        // the way) is that damage, not an entry naming a missing row.
        try pageFaults?.check()
        if dangling, let index { throw StoreError.danglingIndexEntry(table: table.name, index: table.indexes[index].name) }
    }
}
