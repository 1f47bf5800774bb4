/// Finds the two ends of a foreign key: a child's parent, and a parent's children.
enum ForeignKeyLookup {
    /// Whether the parent table has a row whose referenced columns equal `values`.
    static func parentExists(_ fk: ResolvedForeignKey, values: [StoreValue], schema: ResolvedSchema, state: StoreState) -> Bool {
        let parent = state.tables[fk.parentTable]
        guard let i = fk.parentIndex else { return parent.primary.get(IndexKeyEncoder.encode(values)) != nil }
        let prefix = IndexKeyEncoder.encode(values, orders: schema.tables[fk.parentTable].indexes[i].orders)
        var entries = BTreeRangeIterator(parent.indexes[i], prefix: prefix, reverse: false)
        return entries.next() != nil
    }

    /// Encoded primary keys of the child rows that reference `parentRow` through `fk`.
    /// Uses an index on the child's foreign-key columns when one exists, else scans the table.
    static func children(of fk: ResolvedForeignKey, parentRow: Row, schema: ResolvedSchema, state: StoreState) -> [[UInt8]] {
        let values = fk.parentColumns.map { parentRow[$0] }
        if values.contains(where: \.isNull) { return [] }
        let child = schema.tables[fk.table]
        let trees = state.tables[fk.table]
        var keys: [[UInt8]] = []
        if let i = fk.childIndex {
            let prefix = IndexKeyEncoder.encode(values, orders: child.indexes[i].orders)
            var entries = BTreeRangeIterator(trees.indexes[i], prefix: prefix, reverse: false)
            while let (entry, _) = entries.next() { keys.append(IndexKeys.primaryKey(ofEntry: entry)) }
            return keys
        }
        let wanted = IndexKeyEncoder.encode(values)
        var rows = BTreeRangeIterator(trees.primary, lower: nil, upper: nil, reverse: false)
        while let (key, bytes) = rows.next() {
            let row = RowDecoding.decode(bytes, table: child)
            if IndexKeyEncoder.encode(fk.columns.map { row[$0] }) == wanted { keys.append(key) }
        }
        return keys
    }
}
