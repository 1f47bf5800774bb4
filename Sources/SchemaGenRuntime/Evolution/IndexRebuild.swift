/// Building a table's trees from its rows during a migration: bottom-up from sorted entries,
/// checking primary-key and unique-index duplicates on the way.
enum IndexRebuild {
    /// One row of a migrated table: its encoded primary key, encoded row and values.
    struct StoredRow {
        var key: [UInt8]
        var encoded: [UInt8]
        var row: Row
    }

    /// Every row of `tree` (a table's primary tree), decoded.
    static func rows(of tree: BTree, table: ResolvedTable) -> [StoredRow] {
        var rows: [StoredRow] = []
        rows.reserveCapacity(tree.count)
        var it = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
        while let (key, value) = it.next() { rows.append(StoredRow(key: key, encoded: value, row: RowDecoding.decode(value, table: table))) }
        return rows
    }

    /// The primary-key tree of `rows`, which it sorts; rows that now share a primary key fail.
    static func primaryTree(_ rows: inout [StoredRow], table: ResolvedTable, failures: inout MigrationFailures) -> BTree {
        // Rows arrive in the old key order, which is the new one unless a key value changed.
        if zip(rows, rows.dropFirst()).contains(where: { ByteOrder.compare($0.key, $1.key) >= 0 }) {
            rows.sort { ByteOrder.compare($0.key, $1.key) < 0 }
        }
        var builder = BTreeBuilder(generation: 0)
        for (i, r) in rows.enumerated() {
            if i > 0, rows[i - 1].key == r.key {
                failures.add(MigrationFailure(table: table.name, primaryKey: StoreValue.keyText(table.primaryKey.map { r.row[$0] }),
                                              reason: "two rows now have this primary key"))
                continue
            }
            builder.append(r.key, r.encoded)
        }
        return builder.finish()
    }

    /// The tree of `index` over `rows`; in a unique index every row sharing a key with another fails.
    static func indexTree(_ index: ResolvedIndex, table: ResolvedTable, rows: [StoredRow],
                          failures: inout MigrationFailures) -> BTree {
        var entries: [(entry: [UInt8], prefix: Int, row: Int)] = []
        entries.reserveCapacity(rows.count)
        for (i, r) in rows.enumerated() {
            guard let entry = IndexKeys.entry(index, row: r.row, primaryKey: r.key) else { continue }
            // Rows with a null in an indexed column never conflict, as in SQL.
            let checked = index.isUnique && !index.columns.contains { r.row[$0].isNull }
            entries.append((entry, checked ? IndexKeys.columnPrefix(index, row: r.row).count : -1, i))
        }
        entries.sort { ByteOrder.compare($0.entry, $1.entry) < 0 }
        if index.isUnique {
            var start = 0
            while start < entries.count {
                var end = start + 1
                let p = entries[start].prefix
                while end < entries.count, p >= 0, entries[end].prefix == p,
                      entries[end].entry[..<p] == entries[start].entry[..<p] { end += 1 }
                if end - start > 1 {
                    let values = index.columns.map { rows[entries[start].row].row[$0] }
                    for e in entries[start..<end] {
                        let row = rows[e.row].row
                        failures.add(MigrationFailure(
                            table: table.name, column: index.columns.map { table.definition.columns[$0].name }.joined(separator: ", "),
                            primaryKey: StoreValue.keyText(table.primaryKey.map { row[$0] }),
                            reason: "unique index '\(index.name)' has the duplicate key (\(StoreValue.keyText(values)))"))
                    }
                }
                start = end
            }
        }
        var builder = BTreeBuilder(generation: 0)
        for e in entries { builder.append(e.entry, []) }
        return builder.finish()
    }

    /// Whether the old index's tree holds exactly the entries of the new `index` over the
    /// migrated rows: the columns it orders by, the ones its condition reads and the primary key
    /// all keep their values (per `plan`) and map to the old index's, in the same orders, and
    /// its uniqueness needs no new check.
    static func canReuse(_ old: ResolvedIndex, for index: ResolvedIndex, plan: TablePlan) -> Bool {
        guard let source = plan.source, old.orders == index.orders, old.isUnique || !index.isUnique,
              index.columns.map(plan.unchangedSource(of:)) == old.columns,
              plan.table.primaryKey.map(plan.unchangedSource(of:)) == source.primaryKey else { return false }
        let a = source.definition.indexes.first { $0.name == old.name }?.condition
        let b = plan.table.definition.indexes.first { $0.name == index.name }?.condition
        guard let a, let b else { return a == nil && b == nil }
        guard let newer = positional(b, { plan.table.columnIndex[$0].flatMap(plan.unchangedSource(of:)) }) else { return false }
        return positional(a, { source.columnIndex[$0] }) == newer
    }

    /// The condition with column names replaced by old row positions, so renamed columns
    /// compare equal; nil if a column has no unchanged old position.
    private static func positional(_ c: RowCondition, _ position: (String) -> Int?) -> RowCondition? {
        func name(_ n: String) -> String? { position(n).map { "#\($0)" } }
        switch c {
        case .compare(let n, let op, let v): return name(n).map { .compare($0, op, v) }
        case .isNull(let n): return name(n).map { .isNull($0) }
        case .isNotNull(let n): return name(n).map { .isNotNull($0) }
        case .and(let cs):
            let mapped = cs.compactMap { positional($0, position) }
            return mapped.count == cs.count ? .and(mapped) : nil
        case .or(let cs):
            let mapped = cs.compactMap { positional($0, position) }
            return mapped.count == cs.count ? .or(mapped) : nil
        case .not(let inner): return positional(inner, position).map { .not($0) }
        }
    }
}
