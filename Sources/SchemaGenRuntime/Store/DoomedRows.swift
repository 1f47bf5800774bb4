/// A batch of rows of one table about to be deleted together (expiry): their primary keys and
/// each index's entries for them, gathered while the rows are found and packed one buffer per
/// tree, for ``StoreState/deleteAll(_:_:generation:)``.
///
/// A row is added from its primary key and its values in ``columnsRead(_:)`` only, so the
/// finding scan decodes no other column (a message's text, say) of a row it deletes.
struct DoomedRows {
    private let table: ResolvedTable
    private(set) var primaryKeys = PackedKeys()
    /// Per index of the table, the entries of the added rows that index holds.
    private(set) var indexEntries: [PackedKeys]

    init(_ table: ResolvedTable) {
        self.table = table
        indexEntries = Array(repeating: PackedKeys(), count: table.indexes.count)
    }

    var count: Int { primaryKeys.count }

    /// The row positions an added row must have decoded: every index's columns and the columns
    /// of a partial index's condition.
    static func columnsRead(_ table: ResolvedTable) -> Set<Int> {
        var columns: Set<Int> = []
        for index in table.indexes {
            columns.formUnion(index.columns)
            if let condition = index.condition { columns.formUnion(condition.columns) }
        }
        return columns
    }

    /// Adds the row stored under `key`; `row` needs only the values in ``columnsRead(_:)``.
    mutating func add(key: UnsafeBufferPointer<UInt8>, row: Row) {
        primaryKeys.append(key)
        for i in table.indexes.indices {
            indexEntries[i].appendKey { IndexKeys.appendEntry(table.indexes[i], row: row, primaryKey: key, to: &$0) }
        }
    }
}
