import Foundation

// Inserts, updates, upserts and deletes, each validating and checking the scope first.
extension RecordOperations {
    /// The stored row with the same primary key, or the same values of any unique key.
    public static func existingRow(like row: Row, in snapshot: any TableReader) throws -> Row? {
        let key = primaryKey(of: row)
        let assignsKey = Record.autoIncrementPosition.map { row[$0] == .null } ?? false
        if !assignsKey, let existing = try snapshot.get(Record.tableName, primaryKey: key) { return existing }
        for unique in Record.uniqueKeys {
            let values = unique.positions.map { row[$0] }
            if values.contains(where: \.isNull) { continue }
            if let existing = try snapshot.get(Record.tableName, index: unique.index, key: values) { return existing }
        }
        return nil
    }

    /// The row to insert: defaults applied, validated. `on update now` fields are left as given,
    /// as SQL does (their `= now` default fills them only when nil; the stamp is for updates).
    public static func newRow(_ record: Record, now: Date) throws -> Row {
        var record = record
        record.applyInsertDefaults(now: now)
        try validated(record)
        var row = record.row
        if let auto = Record.autoIncrementPosition, row[auto] == .int(0) { row[auto] = .null }
        return row
    }

    /// Inserts a record (assigning an auto-increment key) and returns it as stored.
    public static func insert(_ record: Record, in tx: any TableWriter, now: Date, scope: Scope?) throws -> Record {
        var row = try newRow(scoped(record, in: scope), now: now)
        try check(row, in: scope)
        for reference in Record.ownerReferences { try reference.check(row, table: Record.tableName, in: tx) }
        let key = try tx.insert(row, into: Record.tableName)
        for (position, value) in zip(Record.primaryKeyPositions, key) { row[position] = value }
        let stored = try Record.decode(row)
        try updateMultikeyEntries(of: stored, in: tx)
        try applyCaps(after: row, in: tx)
        return stored
    }

    /// Replaces the stored record with the same primary key.
    public static func update(_ record: Record, in tx: any TableWriter, now: Date, scope: Scope?) throws -> Record {
        var record = record
        guard let old = try tx.get(Record.tableName, primaryKey: primaryKey(of: record.row)) else {
            throw RecordError.notFound(entity: Record.entityName)
        }
        record.applyWriteTimestamps(now: now, previous: try Record.decode(old))
        try validated(record)
        let row = record.row
        try check(row, in: scope)
        try check(old, in: scope)
        for reference in Record.ownerReferences { try reference.check(row, table: Record.tableName, in: tx) }
        try tx.update(row, in: Record.tableName)
        let stored = try Record.decode(row)
        try updateMultikeyEntries(of: stored, in: tx)
        return stored
    }

    /// Reads, changes and writes back one record.
    public static func modify(primaryKey: [StoreValue], in tx: any TableWriter, now: Date, scope: Scope?,
                       _ change: (inout Record) throws -> Void) throws -> Record? {
        // Read straight from the stored bytes (``get(primaryKey:in:scope:)``): no row of values.
        guard var record = try get(primaryKey: primaryKey, in: tx, scope: scope) else { return nil }
        try change(&record)
        guard self.primaryKey(of: record.row) == primaryKey else { throw RecordError.primaryKeyChanged(entity: Record.entityName) }
        return try update(record, in: tx, now: now, scope: scope)
    }

    /// Inserts, or updates the record matching the primary key or a unique key.
    public static func upsert(_ record: Record, in tx: any TableWriter, now: Date, scope: Scope?) throws -> Record {
        let record = try scoped(record, in: scope)
        let probe = try newRow(record, now: now)
        guard let old = try existingRow(like: probe, in: tx) else { return try insert(record, in: tx, now: now, scope: scope) }
        try check(old, in: scope)
        let existing = try Record.decode(old)
        var replacement = record
        replacement.keepInsertDefaults(from: existing)
        var row = replacement.row
        for position in Record.primaryKeyPositions { row[position] = old[position] }
        return try update(try Record.decode(row), in: tx, now: now, scope: scope)
    }

    /// The record matching a key, or the given one inserted.
    public static func getOrCreate(_ record: Record, in tx: any TableWriter, now: Date, scope: Scope?) throws -> (record: Record, created: Bool) {
        let record = try scoped(record, in: scope)
        let probe = try newRow(record, now: now)
        if let old = try existingRow(like: probe, in: tx) {
            try check(old, in: scope)
            return (try Record.decode(old), false)
        }
        return (try insert(record, in: tx, now: now, scope: scope), true)
    }

    /// Deletes by primary key (with the schema's on-delete actions); returns whether it existed.
    public static func delete(primaryKey: [StoreValue], in tx: any TableWriter, scope: Scope?) throws -> Bool {
        guard let old = try tx.get(Record.tableName, primaryKey: primaryKey) else { return false }
        if let scope, !scope.contains(old) { return false }
        return try tx.delete(primaryKey: primaryKey, from: Record.tableName)
    }
}
