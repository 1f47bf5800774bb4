/// Queries over a backend other than the store (``TableReader``): the same index bounds, probes,
/// order and cursors: run by the backend itself when it can (``TableReader/pushdown(_:)``),
/// else read as whole rows through the table surface with the scope and filter checked in
/// Swift on each row.
extension Query {
    /// Calls `body` with every row the (resolved) query returns after `cursor`, in its order,
    /// until `body` returns false.
    func forEachMatch(through reader: any TableReader, after cursor: PageCursor?, statistics: ScanStatistics? = nil,
                      expected: Int? = nil, _ body: (Row) throws -> Bool) throws {
        if via == nil {
            // The backend runs the whole scan itself when it can (one statement on PostgreSQL).
            guard let request = try pushdownRequest(in: reader, after: cursor, operation: .rows(limit: expected)) else { return }
            if case .rows(let rows)? = try reader.pushdown(request) {
                for row in rows where try !body(row) { return }
                return
            }
        }
        let direction: ScanDirection = order == .indexOrder ? .forward : .backward
        if let via {
            // A multikey side table: its rows are (element, primary key…); each names a record.
            var from = self.from, to = self.to
            if let cursor {
                let rest = Array(cursor.key.dropFirst(prefix.count))
                if order == .indexOrder { from = .exclusive(rest) } else { to = .exclusive(rest) }
            }
            let checks = RowChecks(filter: filter, scope: scope)
            try reader.forEachRow(via, index: nil, prefix: prefix, from: from, to: to, direction: direction) { entry in
                guard let row = try reader.get(Record.tableName, primaryKey: Array(entry.dropFirst())) else { return true }
                return checks.admits(row, statistics) ? try body(row) : true
            }
            return
        }
        let table = try reader.tableCatalog.resolved.table(Record.tableName)
        let orders = try keyOrders(table)
        // The backend applies the same prefix and range bounds (strings in byte order), so the
        // terms they guarantee are not checked again.
        let checks = RowChecks(self, orders: orders)
        var prefixes = scanPrefixes
        if order == .reverse { prefixes.reverse() }
        for probe in prefixes {
            guard let range = probeRange(probe, after: cursor, orders: orders) else { continue }
            var going = true
            try reader.forEachRow(Record.tableName, index: index, prefix: probe, from: range.from, to: range.to, direction: direction) { row in
                guard checks.admits(row, statistics) else { return true }
                going = try body(row)
                return going
            }
            if !going { return }
        }
    }
}
