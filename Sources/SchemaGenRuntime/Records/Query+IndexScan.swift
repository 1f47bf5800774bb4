/// Scans that read only what they need: a secondary-index scan decides what it can from each
/// entry's key (``IndexEntryScan``) and fetches rows only when it must.
extension Query {
    /// The index-entry scan of this (resolved) query, nil when it scans the primary key or a
    /// multikey side table (those read rows anyway).
    func entryScan(in snapshot: Snapshot, reading: Set<Int>) throws -> (scan: IndexEntryScan<Record>, index: Int, checks: RowChecks<Record>)? {
        guard via == nil, let index else { return nil }
        let table = try snapshot.schema.table(Record.tableName)
        let position = try table.index(named: index)
        let checks = RowChecks(self, orders: try keyOrders(table))
        return (IndexEntryScan(index: table.indexes[position], table: table, conjuncts: checks.conjuncts, scope: checks.scope, reading: reading),
                position, checks)
    }

    /// This resolved query answered by intersecting its index's range with a partner's
    /// (``IndexIntersection``) for a caller reading `reading`, in index order from the start;
    /// nil when its own index's entries decide everything (no row to avoid) or no partner fits.
    func intersected(in snapshot: Snapshot, table: ResolvedTable, reading: Set<Int>) throws -> Query? {
        guard order == .indexOrder, !partners.isEmpty, via == nil, let index else { return nil }
        let checks = RowChecks(self, orders: try keyOrders(table))
        guard IndexEntryScan.fetchesRow(index: table.indexes[try table.index(named: index)], table: table, conjuncts: checks.conjuncts,
                                        scope: checks.scope, reading: reading),
              let intersection = try IndexIntersection(self, table: table, checks: checks, reading: reading) else { return nil }
        var query = self
        query.intersection = (reading, intersection)
        return query
    }

    /// Calls `body` with every row the (resolved) query returns, in its order; only the
    /// positions in `reading` are sure to be set in the row passed (a caller that needs the
    /// cursor key reads its columns), which must not be kept.
    func forEachMatch(reading: Set<Int>, in snapshot: any TableReader, _ body: (Row) throws -> Void) throws {
        try forEachMatch(reading: reading, in: snapshot, after: nil) { row in
            try body(row)
            return true
        }
    }

    /// The prefixes the scan probes one after another, in scan order: ``probes`` when the
    /// planner split an `isIn` or `||` into several, else the one ``prefix``.
    var scanPrefixes: [[StoreValue]] { probes.isEmpty ? [prefix] : probes }

    /// The column orders of the scanned key (the index's, or the primary key's).
    func keyOrders(_ table: ResolvedTable) throws -> [ColumnOrder] {
        guard let index else { return [ColumnOrder](repeating: .ascending, count: table.primaryKey.count) }
        let position = try table.index(named: index)
        return table.indexes[position].orders + table.primaryKey.map { _ in ColumnOrder.ascending }
    }

    /// The range of one probe resumed after `cursor`: nil when the whole probe lies before the
    /// cursor in scan order (already returned).
    func probeRange(_ probe: [StoreValue], after cursor: PageCursor?, orders: [ColumnOrder]) -> (from: ScanBound?, to: ScanBound?)? {
        guard let cursor else { return (from, to) }
        let key = cursor.key
        let count = probe.count
        guard key.count >= count else { return (from, to) }
        let mine = IndexKeyEncoder.encode(probe, orders: Array(orders.prefix(count)))
        let theirs = IndexKeyEncoder.encode(Array(key.prefix(count)), orders: Array(orders.prefix(count)))
        let forward = order == .indexOrder
        if mine != theirs {
            let probeIsBefore = mine.lexicographicallyPrecedes(theirs) == forward
            return probeIsBefore ? nil : (from, to)
        }
        let rest = Array(key.dropFirst(count))
        return forward ? (.exclusive(rest), to) : (from, .exclusive(rest))
    }

    /// Calls `body` with every row the (resolved) query returns after `cursor`, in its order,
    /// until `body` returns false. Rows are decoded only in the columns the filter, scope and
    /// `reading` need (nothing for an index-only scan); the row passed is reused.
    /// `expected` is how many rows the caller takes at most (nil: maybe all), so a backend that
    /// runs the scan itself fetches no more.
    func forEachMatch(reading: Set<Int>, in reader: any TableReader, after cursor: PageCursor?, statistics: ScanStatistics? = nil,
                      expected: Int? = nil, _ body: (Row) throws -> Bool) throws {
        try forEachMatch(reading: reading, in: reader, after: cursor, statistics: statistics, expected: expected, storedRows: false) { row, _ in
            try body(row)
        }
    }

    /// ``forEachMatch(reading:in:after:statistics:expected:_:)`` that also hands `body` each
    /// matching row's stored bytes when the scan read them (valid during the call only; nil for
    /// a row an index entry covers, a multikey side table's or another backend's). With
    /// `storedRows`, a row whose bytes are handed on is decoded in none of the `reading`
    /// columns: the caller decodes what it needs from the bytes (a record, straight).
    func forEachMatch(reading: Set<Int>, in reader: any TableReader, after cursor: PageCursor?, statistics: ScanStatistics? = nil,
                      expected: Int? = nil, storedRows: Bool, _ body: (Row, UnsafeBufferPointer<UInt8>?) throws -> Bool) throws {
        // Another backend reads whole rows through the table surface (Query+TableReader.swift).
        guard let snapshot = reader as? Snapshot else {
            return try forEachMatch(through: reader, after: cursor, statistics: statistics, expected: expected) { try body($0, nil) }
        }
        guard via == nil else {
            var rows = try self.cursor(snapshot, after: cursor)
            let checks = RowChecks(filter: filter, scope: scope)
            while let row = try rows.next() { if checks.admits(row, statistics), try !body(row, nil) { break } }
            try snapshot.state.pageFaults?.check()
            return
        }
        let table = try snapshot.schema.table(Record.tableName)
        // The planner chose an intersection for this caller: nothing to set up again.
        if cursor == nil, let (intersected, intersection) = intersection, intersected == reading {
            return try run(intersection, in: snapshot, table: table, statistics: statistics) { try body($0, nil) }
        }
        let tables = snapshot.state.tables[table.id]
        let orders = try keyOrders(table)
        let reverse = order == .reverse
        var prefixes = scanPrefixes
        if reverse { prefixes.reverse() }
        if let found = try entryScan(in: snapshot, reading: reading) {
            let (scan, position, checks) = found
            // Rows the entries cannot decide may be decided by a second index's entries instead.
            if scan.fetchesRow, cursor == nil, !partners.isEmpty, order == .indexOrder,
               let intersection = try IndexIntersection(self, table: table, checks: checks, reading: reading) {
                return try run(intersection, in: snapshot, table: table, statistics: statistics) { try body($0, nil) }
            }
            let width = table.definition.columns.count
            let projection = (check: ColumnProjection(scan.checkPositions, columnCount: width),
                              read: ColumnProjection(storedRows ? [] : scan.readPositions(reading), columnCount: width))
            for probe in prefixes {
                guard let range = probeRange(probe, after: cursor, orders: orders) else { continue }
                let indexOrders = table.indexes[position].orders
                let (lower, upper) = Snapshot.bounds(prefix: probe, from: range.from, to: range.to, orders: indexOrders)
                var entries = BTreeRangeIterator(tables.indexes[position], lower: lower, upper: upper, reverse: reverse)
                let going = try scan.run(&entries, table: table, primary: tables.primary, index: table.indexes[position].name,
                                         projection: projection, statistics: statistics,
                                         fixed: IndexKeyEncoder.encode(probe, orders: Array(indexOrders.prefix(probe.count))),
                                         expected: expected, pageFaults: snapshot.state.pageFaults, body)
                if !going { break }
            }
            try snapshot.state.pageFaults?.check()
            return
        }
        // The primary key: each row decoded in the columns the filter and scope check, and a row
        // that passed in those the caller reads.
        let checks = RowChecks(self, orders: orders)
        let checked = IndexEntryScan<Record>.positions(read: checks.conjuncts, scope: checks.scope)
        let width = table.definition.columns.count
        let check = ColumnProjection(checked, columnCount: width)
        let read = ColumnProjection(storedRows ? [] : reading.subtracting(checked), columnCount: width)
        var row = Row(repeating: .null, count: width)
        scanning: for probe in prefixes {
            guard let range = probeRange(probe, after: cursor, orders: orders) else { continue }
            let (lower, upper) = Snapshot.bounds(prefix: probe, from: range.from, to: range.to, orders: orders)
            var entries = BTreeRangeIterator(tables.primary, lower: lower, upper: upper, reverse: reverse)
            var stopped = false
            while try entries.nextEntry({ _, value -> Bool in
                guard RowCodec.decode(value, projection: check, into: &row) else { IndexEntryScan<Record>.undecodable(table) }
                guard checks.admits(row, statistics) else {
                    statistics?.noteRejected(row)
                    return true
                }
                guard read.isEmpty || RowCodec.decode(value, projection: read, into: &row) else { IndexEntryScan<Record>.undecodable(table) }
                if try body(row, value) { return true }
                stopped = true
                return false
            }) == true {}
            if stopped { break scanning }
        }
        try snapshot.state.pageFaults?.check()
    }

    /// Runs `intersection` of this resolved query's range.
    private func run(_ intersection: IndexIntersection<Record>, in snapshot: Snapshot, table: ResolvedTable, statistics: ScanStatistics?,
                     _ body: (Row) throws -> Bool) throws {
        let range = Snapshot.bounds(prefix: prefix, from: from, to: to, orders: table.indexes[intersection.index].orders)
        try intersection.run(snapshot, table: table, range: range, statistics: statistics, body)
        try snapshot.state.pageFaults?.check()
    }

    /// The plan of a run whose caller reads the row positions `reading`; on a backend that
    /// runs queries itself, with what it runs for `operation`.
    func explain(reading: Set<Int>, operation: PushdownOperation) throws -> QueryPlan {
        try access.withSnapshot { snapshot in
            // Planned as the run is: a count or aggregate may be planned as an intersection
            // (records never are: a row's columns are not all in one index key and a partner's).
            let query = try resolved(in: snapshot, reading: reading)
            var plan = try query.plan(in: snapshot)
            guard let snapshot = snapshot as? Snapshot else {
                plan.backendStatement = try query.pushdownStatement(in: snapshot, operation: operation)
                return plan
            }
            if let (intersected, intersection) = query.intersection, intersected == reading {
                plan.indexOnly = true
                plan.intersectedIndex = intersection.partnerName
                return plan
            }
            let found = try query.entryScan(in: snapshot, reading: reading)
            plan.indexOnly = found.map { !$0.scan.fetchesRow } ?? false
            if !plan.indexOnly, query.order == .indexOrder, !query.partners.isEmpty, let found,
               let intersection = try IndexIntersection(query, table: try snapshot.schema.table(Record.tableName), checks: found.checks, reading: reading) {
                plan.indexOnly = true
                plan.intersectedIndex = intersection.partnerName
            }
            return plan
        }
    }

    /// How the query counts its rows (``count()``): the index it scans (nil: the primary key),
    /// the columns the scan is bounded on, the condition checked on each entry, and whether
    /// the index entries alone decide it (``QueryPlan/indexOnly``: no row is read).
    public func explain() throws -> QueryPlan { try explain(reading: [], operation: .aggregate(.count(groups: []))) }

    /// How the query computes an aggregate of `field` (``sum(_:)``, ``min(_:)``…): index-only
    /// when the filter, scope and `field` are all in the chosen index's key or primary key.
    public func explain<Value>(aggregating field: QueryField<Record, Value>) throws -> QueryPlan {
        try explain(reading: [field.position], operation: .rows(limit: nil))
    }

    /// How the query reads its records (``all()``, ``fetch(limit:after:)``): index-only only
    /// when the index holds every column.
    public func explainRecords() throws -> QueryPlan {
        try explain(reading: try access.withSnapshot { try allColumns($0) }, operation: .rows(limit: nil))
    }
}
