import Foundation

// Many inserts in one call: what a bulk load or an import runs.
extension RecordOperations {
    /// Inserts `records` in order, stored exactly as ``insert(_:in:now:scope:)`` one by one would
    /// store them (the same defaults, keys, caps and errors), all or none.
    ///
    /// Every record is made and validated first: the first invalid one throws its
    /// `ValidationError` (every failing field of that record) before anything is written. The
    /// rows then go to the backend as one batch (``TableWriter/insertAll(_:into:)``; on PostgreSQL
    /// multi-row statements), inside ``TableWriter/allOrNothing(_:)``: a constraint error of any
    /// record is the error its single insert throws and leaves none of the batch stored. A
    /// table with a foreign key to itself is inserted record by record, so a record may name
    /// only a parent stored before it, as one by one.
    public static func insertAll(_ records: [Record], in tx: any TableWriter, now: Date, scope: Scope?) throws -> [Record] {
        let rows = try records.map { try newRow(scoped($0, in: scope), now: now) }
        for row in rows { try check(row, in: scope) }
        guard !rows.isEmpty else { return [] }
        let referencesItself = try tx.tableCatalog.table(Record.tableName).foreignKeys.contains { $0.parentTable == Record.tableName }
        return try tx.allOrNothing {
            if referencesItself { return try records.map { try insert($0, in: tx, now: now, scope: scope) } }
            for row in rows {
                for reference in Record.ownerReferences { try reference.check(row, table: Record.tableName, in: tx) }
            }
            let keys = try tx.insertAll(rows, into: Record.tableName)
            var stored: [Record] = []
            stored.reserveCapacity(rows.count)
            var capped: Set<[StoreValue]> = []
            for (row, key) in zip(rows, keys) {
                var row = row
                for (position, value) in zip(Record.primaryKeyPositions, key) { row[position] = value }
                let record = try Record.decode(row)
                try updateMultikeyEntries(of: record, in: tx)
                stored.append(record)
            }
            // Caps trim each group once all its new rows are in: the same newest rows remain as
            // when each insert trims, without one scan of the group per row.
            for record in stored {
                let row = record.row
                let groups = Record.capRules.flatMap { rule in rule.groupPositions.map { row[$0] } }
                if !Record.capRules.isEmpty, capped.insert(groups).inserted { try applyCaps(after: row, in: tx) }
            }
            return stored
        }
    }
}
