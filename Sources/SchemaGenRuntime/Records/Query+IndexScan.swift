/// Scans that read only what they need: a secondary-index scan decides what it can from each
/// entry's key (``IndexEntryScan``) and fetches rows only when it must.
extension Query {
    /// The index-entry scan of this (resolved) query, nil when it scans the primary key or a
    /// multikey side table (those read rows anyway).
    func entryScan(in snapshot: Snapshot, reading: Set<Int>) throws -> (scan: IndexEntryScan<Record>, table: ResolvedTable, index: Int)? {
        guard via == nil, let index else { return nil }
        let table = try snapshot.schema.table(Record.tableName)
        let position = try table.index(named: index)
        return (IndexEntryScan(index: table.indexes[position], table: table, filter: filter, scope: scope, reading: reading), table, position)
    }

    /// Calls `body` with every row the (resolved) query returns, in its order; only the
    /// positions in `reading` (and the key columns) are sure to be set in the row passed,
    /// which must not be kept.
    func forEachMatch(reading: Set<Int>, in snapshot: Snapshot, _ body: (Row) throws -> Void) throws {
        guard let found = try entryScan(in: snapshot, reading: reading) else {
            var rows = try cursor(snapshot, after: nil)
            while let row = try rows.next() { if admits(row) { try body(row) } }
            try snapshot.state.pageFaults?.check()
            return
        }
        let (scan, table, position) = found
        let (lower, upper) = Snapshot.bounds(prefix: prefix, from: from, to: to, orders: table.indexes[position].orders)
        let tables = snapshot.state.tables[table.id]
        var entries = BTreeRangeIterator(tables.indexes[position], lower: lower, upper: upper, reverse: order == .reverse)
        try scan.run(&entries, table: table, primary: tables.primary, index: table.indexes[position].name, scope: scope, body)
        try snapshot.state.pageFaults?.check()
    }

    /// The plan of a run whose caller reads the row positions `reading`.
    func explain(reading: Set<Int>) throws -> QueryPlan {
        try access.withSnapshot { snapshot in
            let query = try resolved(in: snapshot)
            var plan = try query.plan(in: snapshot)
            plan.indexOnly = try query.entryScan(in: snapshot, reading: reading).map { !$0.scan.fetchesRow } ?? false
            return plan
        }
    }

    /// How the query counts its rows (``count()``): the index it scans (nil: the primary key),
    /// the columns the scan is bounded on, the condition checked on each entry, and whether
    /// the index entries alone decide it (``QueryPlan/indexOnly``: no row is read).
    public func explain() throws -> QueryPlan { try explain(reading: []) }

    /// How the query computes an aggregate of `field` (``sum(_:)``, ``min(_:)``…): index-only
    /// when the filter, scope and `field` are all in the chosen index's key or primary key.
    public func explain<Value>(aggregating field: QueryField<Record, Value>) throws -> QueryPlan {
        try explain(reading: [field.position])
    }

    /// How the query reads its records (``all()``, ``fetch(limit:after:)``): index-only only
    /// when the index holds every column.
    public func explainRecords() throws -> QueryPlan {
        try explain(reading: Set(try access.withSnapshot { try $0.schema.table(Record.tableName).definition.columns.indices }))
    }
}
