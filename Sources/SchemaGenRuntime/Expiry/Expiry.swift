import Foundation

/// Retention primitives: delete or update rows whose timestamp is before a bound, in bounded
/// batches so no single transaction grows without limit.
///
/// Rows are found through an index whose first column is the timestamp column when the table
/// has one (declare it: the scan then touches only expired rows), otherwise by a full scan.
extension WriteTransaction {
    /// Deletes at most `batchSize` rows of `table` whose `timestampColumn` is before `bound`
    /// (and that satisfy `condition`), applying foreign-key actions; returns how many it deleted.
    /// Rows whose timestamp is null never expire.
    @discardableResult
    public func expire(_ table: String, timestampColumn: String, before bound: StoreValue, where condition: RowCondition? = nil,
                       batchSize: Int = 1000) throws -> Int {
        try expire(table, timestampColumn: timestampColumn, before: bound, where: condition, batchSize: batchSize, after: nil).count
    }

    func expire(_ table: String, timestampColumn: String, before bound: StoreValue, where condition: RowCondition?,
                batchSize: Int, after: [UInt8]?) throws -> (count: Int, resume: [UInt8]?) {
        let t = try schema.table(table)
        if t.referencedBy.isEmpty {
            // No foreign key points here, so nothing cascades or restricts: the whole batch
            // leaves each tree in one ordered pass. The scan decodes only the columns the
            // match and the index entries read, and packs keys and entries as it goes.
            var doomed = DoomedRows(t)
            let found = try forEachExpiredRow(t, column: timestampColumn, before: bound, where: condition,
                                              reading: DoomedRows.columnsRead(t), limit: batchSize, after: after) { key, row in
                doomed.add(key: key, row: row)
            }
            state.deleteAll(t, doomed, generation: generation)
            if doomed.count > 0 { operations.append(.deleteAll(table: t.id, keys: doomed.primaryKeys)) }
            return (found.count, found.count < batchSize ? nil : found.resume)
        }
        let batch = try expiredRows(t, column: timestampColumn, before: bound, where: condition, limit: batchSize, after: after)
        for (key, _) in batch.rows {
            if let current = state.row(t, key: key) {
                // A cascade from an earlier row of this batch may already have removed it.
                try delete(key: key, row: current, in: t)
            }
        }
        return (batch.rows.count, batch.rows.count < batchSize ? nil : batch.resume)
    }

    /// Sets `changes` on at most `batchSize` rows of `table` whose `timestampColumn` is before
    /// `bound` (and that satisfy `condition`); returns how many it updated. Make the changes
    /// falsify `condition` (e.g. set `archived` to true where it is false), or use
    /// ``Store/updateExpired(_:timestampColumn:before:where:set:batchSize:)``, which resumes after each batch.
    @discardableResult
    public func updateExpired(_ table: String, timestampColumn: String, before bound: StoreValue, where condition: RowCondition? = nil,
                              set changes: [String: StoreValue], batchSize: Int = 1000) throws -> Int {
        try updateExpired(table, timestampColumn: timestampColumn, before: bound, where: condition, set: changes,
                          batchSize: batchSize, after: nil).count
    }

    func updateExpired(_ table: String, timestampColumn: String, before bound: StoreValue, where condition: RowCondition?,
                       set changes: [String: StoreValue], batchSize: Int, after: [UInt8]?) throws -> (count: Int, resume: [UInt8]?) {
        let t = try schema.table(table)
        let columns = try changes.map { (try t.column(named: $0.key), $0.value) }
        let batch = try expiredRows(t, column: timestampColumn, before: bound, where: condition, limit: batchSize, after: after)
        for (key, old) in batch.rows {
            var row = old
            for (c, v) in columns { row[c] = v }
            guard IndexKeys.primaryKey(t, row: row) == key else {
                throw StoreError.invalidRow(table: t.name, reason: "expiry updates cannot change primary-key columns")
            }
            try replace(old, with: row, key: key, in: t)
        }
        return (batch.rows.count, batch.rows.count < batchSize ? nil : batch.resume)
    }

    /// Up to `limit` matching rows in timestamp (or key) order, after the position `after`,
    /// and the position to resume from.
    func expiredRows(_ t: ResolvedTable, column: String, before bound: StoreValue, where condition: RowCondition?,
                     limit: Int, after: [UInt8]?) throws -> (rows: [([UInt8], Row)], resume: [UInt8]?) {
        var rows: [([UInt8], Row)] = []
        let found = try forEachExpiredRow(t, column: column, before: bound, where: condition, reading: Set(t.definition.columns.indices),
                                          limit: limit, after: after) { key, row in rows.append((Array(key), row)) }
        return (rows, found.resume)
    }

    /// Calls `body` with each of up to `limit` matching rows in timestamp (or key) order, after
    /// the position `after`: its primary key and the row with the values at the positions
    /// `reading` decoded (and those the match reads; the others are null). Returns how many
    /// matched and the position to resume from. `body` must not change the trees.
    func forEachExpiredRow(_ t: ResolvedTable, column: String, before bound: StoreValue, where condition: RowCondition?,
                           reading: Set<Int>, limit: Int, after: [UInt8]?,
                           _ body: (UnsafeBufferPointer<UInt8>, Row) -> Void) throws -> (count: Int, resume: [UInt8]?) {
        let c = try t.column(named: column)
        let resolved = try condition.map { try ResolvedCondition($0, columns: t.columnIndex) }
        let projection = ColumnProjection(reading.union([c]).union(resolved?.columns ?? []), columnCount: t.definition.columns.count)
        // One row buffer for the whole scan: each row overwrites the same positions.
        var row = Row(repeating: .null, count: t.definition.columns.count)
        func decode(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard RowCodec.decode(bytes, projection: projection, into: &row) else {
                preconditionFailure("stored row of table '\(t.name)' does not decode; run Store.verify")
            }
        }
        var count = 0
        var resume: [UInt8]?
        let trees = state.tables[t.id]
        if let i = t.indexes.firstIndex(where: { $0.columns.first == c && $0.condition == nil }) {
            let order = t.indexes[i].orders[0]
            var boundKey: [UInt8] = []
            IndexKeyEncoder.append(bound, order: order, to: &boundKey)
            var nullKey: [UInt8] = []
            IndexKeyEncoder.append(.null, order: order, to: &nullKey)
            // Ascending: past the nulls up to the bound. Descending: past the bound's own keys up to the nulls.
            var lower: KeyBound? = order == .ascending ? ByteOrder.successor(ofPrefix: nullKey).map(KeyBound.inclusive)
                : ByteOrder.successor(ofPrefix: boundKey).map(KeyBound.inclusive)
            let upper: KeyBound = order == .ascending ? .exclusive(boundKey) : .exclusive(nullKey)
            if let after { lower = .exclusive(after) }
            var entries = BTreeRangeIterator(trees.indexes[i], lower: lower, upper: upper, reverse: false)
            while count < limit, let (entry, _) = entries.next() {
                resume = entry
                let key = IndexKeys.primaryKey(ofEntry: entry)
                key.withUnsafeBufferPointer { key in
                    let stored: Void? = trees.primary.withValue(forKey: key) { decode($0) }
                    guard stored != nil, !row[c].isNull, StoreValue.compare(row[c], bound) < 0,
                          resolved?.evaluate(row) ?? true else { return }
                    body(key, row)
                    count += 1
                }
            }
        } else {
            var entries = BTreeRangeIterator(trees.primary, lower: after.map(KeyBound.exclusive), upper: nil, reverse: false)
            // Only the timestamp is read in place; a row is decoded once it is due. The batch
            // stops at a due row, so the last one is where the next resumes.
            var last: [UInt8] = []
            while count < limit, let _ = entries.nextEntry({ key, bytes in
                guard let time = RowReader.value(at: c, of: bytes), !time.isNull, StoreValue.compare(time, bound) < 0 else { return }
                decode(bytes)
                guard resolved?.evaluate(row) ?? true else { return }
                body(key, row)
                count += 1
                last.removeAll(keepingCapacity: true)
                last.append(contentsOf: key)
            }) {}
            if count > 0 { resume = last }
        }
        return (count, resume)
    }
}

extension Store {
    /// Deletes every row of `table` whose `timestampColumn` is before `bound` (and that
    /// satisfies `condition`), committing one transaction per batch of `batchSize` rows so
    /// readers and writers interleave; returns the total deleted.
    @discardableResult
    public func expire(_ table: String, timestampColumn: String, before bound: StoreValue, where condition: RowCondition? = nil,
                       batchSize: Int = 1000) throws -> Int {
        var total = 0
        var resume: [UInt8]?
        repeat {
            // Resuming after the last row examined skips rows already found not to match.
            let (n, next) = try write {
                try $0.expire(table, timestampColumn: timestampColumn, before: bound, where: condition, batchSize: batchSize, after: resume)
            }
            total += n
            resume = next
        } while resume != nil
        return total
    }

    /// Deletes every row of `table` whose `timestampColumn` is more than `age` seconds before
    /// the store's clock (``StoreOptions/clock``), like ``expire(_:timestampColumn:before:where:batchSize:)``.
    @discardableResult
    public func expire(_ table: String, timestampColumn: String, olderThan age: TimeInterval, where condition: RowCondition? = nil,
                       batchSize: Int = 1000) throws -> Int {
        let bound = StoreValue.timestamp(options.nowMicroseconds - Int64((age * 1_000_000).rounded()))
        return try expire(table, timestampColumn: timestampColumn, before: bound, where: condition, batchSize: batchSize)
    }

    /// Sets `changes` on every row of `table` whose `timestampColumn` is before `bound` (and that
    /// satisfies `condition`), one transaction per batch; returns the total updated. Each batch
    /// resumes after the last row examined, so rows that still match are not revisited.
    @discardableResult
    public func updateExpired(_ table: String, timestampColumn: String, before bound: StoreValue, where condition: RowCondition? = nil,
                              set changes: [String: StoreValue], batchSize: Int = 1000) throws -> Int {
        var total = 0
        var resume: [UInt8]?
        repeat {
            let (n, next) = try write {
                try $0.updateExpired(table, timestampColumn: timestampColumn, before: bound, where: condition, set: changes,
                                     batchSize: batchSize, after: resume)
            }
            total += n
            resume = next
        } while resume != nil
        return total
    }
}
