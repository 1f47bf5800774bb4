/// Whole-store consistency checks used by tests and by ``Store/verify(at:schema:)``.
enum StoreConsistency {
    /// Every tree is structurally sound, every row decodes to its table's shape, and every index
    /// holds exactly the entries derived from the rows (so no index entry is missing or stale).
    static func check(_ state: StoreState, schema: ResolvedSchema) throws {
        for table in schema.tables {
            let trees = state.tables[table.id]
            try trees.primary.checkInvariants()
            var expected = [[[UInt8]]](repeating: [], count: table.indexes.count)
            var it = BTreeRangeIterator(trees.primary, lower: nil, upper: nil, reverse: false)
            while let (key, value) = it.next() {
                guard let row = try? RowCodec.decode(value), row.count == table.definition.columns.count else {
                    throw BTreeInvariantViolation(description: "table '\(table.name)': row does not decode")
                }
                guard IndexKeys.primaryKey(table, row: row) == key else {
                    throw BTreeInvariantViolation(description: "table '\(table.name)': row stored under a foreign key")
                }
                for (i, index) in table.indexes.enumerated() {
                    if let entry = IndexKeys.entry(index, row: row, primaryKey: key) { expected[i].append(entry) }
                }
            }
            for (i, index) in table.indexes.enumerated() {
                try trees.indexes[i].checkInvariants()
                let sorted = expected[i].sorted { ByteOrder.compare($0, $1) < 0 }
                var actual: [[UInt8]] = []
                var ix = BTreeRangeIterator(trees.indexes[i], lower: nil, upper: nil, reverse: false)
                while let (k, _) = ix.next() { actual.append(k) }
                guard actual == sorted else {
                    throw BTreeInvariantViolation(description: "table '\(table.name)': index '\(index.name)' disagrees with rows")
                }
            }
        }
    }
}
