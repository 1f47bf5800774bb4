/// The generic operations behind every generated repository method.
public enum RecordOperations<Record: StoredRecord> {
    /// The primary-key values of a row.
    public static func primaryKey(of row: Row) -> [StoreValue] { Record.primaryKeyPositions.map { row[$0] } }

    /// Throws when the row lies outside the scope.
    public static func check(_ row: Row, in scope: Scope?) throws {
        if let scope, !scope.contains(row) { throw RecordError.outsideScope(entity: Record.entityName) }
    }

    /// `record` with its scope fields filled from `scope` (see ``Scope/filling(_:entity:)``).
    public static func scoped(_ record: Record, in scope: Scope?) throws -> Record {
        guard let scope else { return record }
        let row = record.row
        let filled = try scope.filling(row, entity: Record.entityName)
        return filled == row ? record : try Record.decode(filled)
    }

    /// Throws a `ValidationError` listing every failure of the record.
    public static func validated(_ record: Record) throws {
        let failures = record.validate()
        if !failures.isEmpty { throw ValidationError(entity: Record.entityName, failures: failures) }
    }

    /// The record with this primary key, if visible in the scope.
    public static func get(primaryKey: [StoreValue], in snapshot: any TableReader, scope: Scope?) throws -> Record? {
        if let snapshot = storeSnapshot(of: snapshot) {
            // Straight from the stored bytes into the record: no row of values in between. The
            // closure returns nothing, so this generic code looks no `Record??` metadata up per read.
            var found: Record?
            try snapshot.withStoredRow(Record.tableName, primaryKey: primaryKey) { found = try record(stored: $0, in: scope) }
            return found
        }
        guard let row = try snapshot.get(Record.tableName, primaryKey: primaryKey) else { return nil }
        if let scope, !scope.contains(row) { return nil }
        return try Record.decode(row)
    }

    /// The record with this unique key, if visible in the scope.
    public static func get(index: String, key: [StoreValue], in snapshot: any TableReader, scope: Scope?) throws -> Record? {
        if let snapshot = storeSnapshot(of: snapshot) {
            var found: Record?
            try snapshot.withStoredRow(Record.tableName, index: index, key: key) { found = try record(stored: $0, in: scope) }
            return found
        }
        guard let row = try snapshot.get(Record.tableName, index: index, key: key) else { return nil }
        if let scope, !scope.contains(row) { return nil }
        return try Record.decode(row)
    }

    /// The store state a read of `reader` sees, whose rows lie in its trees as stored bytes: a
    /// snapshot's, or a write transaction's current one (its own writes are in its trees too,
    /// encoded as they will be committed); nil for another backend.
    private static func storeSnapshot(of reader: any TableReader) -> Snapshot? {
        if let snapshot = reader as? Snapshot { return snapshot }
        return (reader as? WriteTransaction)?.view
    }

    /// The record in the stored row `bytes` if the row lies in the scope.
    private static func record(stored bytes: UnsafeBufferPointer<UInt8>, in scope: Scope?) throws -> Record? {
        if let scope, try !scope.contains(stored: bytes, entity: Record.entityName) { return nil }
        return try Record.decode(stored: bytes)
    }

    /// How many records the scope holds.
    public static func count(in snapshot: any TableReader, scope: Scope?, index: String?) throws -> Int {
        guard let scope else { return try snapshot.count(Record.tableName) }
        if let index { return try snapshot.count(Record.tableName, index: index, prefix: scope.values, from: nil, to: nil) }
        var count = 0
        try snapshot.forEachRow(Record.tableName, index: nil, prefix: [], from: nil, to: nil, direction: .forward) { row in
            if scope.contains(row) { count += 1 }
            return true
        }
        return count
    }
}
