// What every insert and update maintains besides the row: multikey side-table entries and
// `keep newest` caps.
extension RecordOperations {
    /// Makes the multikey side tables hold exactly the distinct elements of the stored `record`.
    public static func updateMultikeyEntries(of record: Record, in tx: any TableWriter) throws {
        let indexes = Record.multikeyIndexes
        guard !indexes.isEmpty else { return }
        let key = primaryKey(of: record.row)
        for index in indexes {
            var wanted = Set(index.elements(record))
            for entry in try tx.rows(index.table, index: index.ownerIndex, prefix: key) where wanted.remove(entry[0]) == nil {
                _ = try tx.delete(primaryKey: entry, from: index.table)
            }
            for element in index.elements(record) where wanted.remove(element) != nil {
                _ = try tx.insert([element] + key, into: index.table)
            }
        }
    }

    @discardableResult
    /// Applies `keep newest N per …` rules after an insert; returns rows removed.
    public static func applyCaps(after row: Row, in tx: any TableWriter) throws -> Int {
        var removed = 0
        for rule in Record.capRules {
            let group = rule.groupPositions.map { row[$0] }
            let members: [Row]
            if let index = rule.index {
                members = try tx.rows(Record.tableName, index: index, prefix: group)
            } else {
                members = try tx.rows(Record.tableName).filter { candidate in rule.groupPositions.map { candidate[$0] } == group }
            }
            removed += try Retention.trim(members, keeping: rule.count, orderPosition: rule.orderPosition,
                                          primaryKey: Record.primaryKeyPositions, table: Record.tableName, in: tx)
        }
        return removed
    }
}
