import Foundation

/// A model stored as one row of a store table. Generated for every entity: the row mapping
/// is explicit code, column by column.
public protocol StoredRecord: Validatable, Sendable {
    /// The store table.
    static var tableName: String { get }
    /// The entity's name in the schema, for messages.
    static var entityName: String { get }
    /// Row positions of the primary-key columns.
    static var primaryKeyPositions: [Int] { get }
    /// Row position of an auto-increment key (`0` in the model means "assign one").
    static var autoIncrementPosition: Int? { get }
    /// Unique indexes (name, row positions) used to find an existing record for upsert and getOrCreate.
    static var uniqueKeys: [(index: String, positions: [Int])] { get }
    /// `keep newest N per …` rules applied after every insert.
    static var capRules: [CapRule] { get }
    /// Multikey indexes over array fields, each kept in a side table (see ``MultikeyIndex``).
    static var multikeyIndexes: [MultikeyIndex<Self>] { get }
    /// References to owner-scoped parents that must stay within the record's owner.
    static var ownerReferences: [OwnerReference] { get }
    /// The record from a stored row.
    init(row: Row) throws
    /// The record as a row, in column order.
    var row: Row { get }
    /// Fills fields whose defaults the database supplies on insert (`now`) when they are nil.
    mutating func applyInsertDefaults(now: Date)
    /// Sets `on update now` fields.
    mutating func applyWriteTimestamps(now: Date)
    /// Keeps `existing`'s values for insert-default fields this record leaves nil (upsert as update).
    mutating func keepInsertDefaults(from existing: Self)
}

extension StoredRecord {
    /// No auto-increment key unless the entity has one.
    public static var autoIncrementPosition: Int? { nil }
    /// No unique keys beyond the primary key unless the entity declares some.
    public static var uniqueKeys: [(index: String, positions: [Int])] { [] }
    /// No `keep newest` rules unless the entity declares some.
    public static var capRules: [CapRule] { [] }
    /// No multikey indexes unless the entity declares some.
    public static var multikeyIndexes: [MultikeyIndex<Self>] { [] }
    /// No owner-scoped references unless owner-scoped entities reference each other.
    public static var ownerReferences: [OwnerReference] { [] }
    /// Nothing to fill unless the entity has optional `now` or generated defaults.
    public mutating func applyInsertDefaults(now: Date) {}
    /// Nothing to set unless the entity has `on update now` fields.
    public mutating func applyWriteTimestamps(now: Date) {}
    /// Nothing to keep unless the entity has optional `now` or generated defaults.
    public mutating func keepInsertDefaults(from existing: Self) {}

    static func decode(_ row: Row) throws -> Self {
        do { return try Self(row: row) } catch let error as RecordError { throw error } catch {
            throw RecordError.undecodable(entity: entityName, reason: "\(error)")
        }
    }
}

/// A multikey index: an index over an array field that finds a record by any of its elements.
///
/// It is kept in a hidden side table with one row `(element, primary key…)` per distinct element
/// (its primary key is all of its columns, so entries are ordered by element, then primary key).
/// ``RecordOperations`` rewrites a record's entries in the same transaction on insert and update;
/// the side table's foreign key to the record's table, `on delete cascade`, removes them whenever
/// the record is deleted, including by cascades, retention sweeps and `keep newest` caps.
public struct MultikeyIndex<Record: StoredRecord>: Sendable {
    /// The side table.
    public let table: String
    /// The side table's index on its primary-key columns, to find one record's entries.
    public let ownerIndex: String
    /// The indexed elements of a record (duplicates are indexed once).
    public let elements: @Sendable (Record) -> [StoreValue]

    /// A multikey index kept in `table`.
    public init(table: String, ownerIndex: String, elements: @escaping @Sendable (Record) -> [StoreValue]) {
        self.table = table
        self.ownerIndex = ownerIndex
        self.elements = elements
    }
}

/// A `keep newest N per (fields) by field` rule.
public struct CapRule: Sendable {
    /// How many rows each group keeps.
    public let count: Int
    /// Row positions of the grouping columns.
    public let groupPositions: [Int]
    /// Row position of the ordering timestamp.
    public let orderPosition: Int
    /// An index whose leading columns are the grouping columns, if any.
    public let index: String?

    /// A rule.
    public init(count: Int, groupPositions: [Int], orderPosition: Int, index: String?) {
        self.count = count
        self.groupPositions = groupPositions
        self.orderPosition = orderPosition
        self.index = index
    }
}

/// The owner or partition a scoped repository is confined to: column positions and values.
public struct Scope: Sendable, Hashable {
    /// Row positions of the scope columns.
    public let positions: [Int]
    /// Their values.
    public let values: [StoreValue]

    /// A scope.
    public init(positions: [Int], values: [StoreValue]) {
        self.positions = positions
        self.values = values
    }

    /// Whether `row` lies inside the scope.
    public func contains(_ row: Row) -> Bool {
        zip(positions, values).allSatisfy { row[$0.0] == $0.1 }
    }
}

/// The generic operations behind every generated repository method.
public enum RecordOperations<Record: StoredRecord> {
    /// The primary-key values of a row.
    public static func primaryKey(of row: Row) -> [StoreValue] { Record.primaryKeyPositions.map { row[$0] } }

    /// Throws when the row lies outside the scope.
    public static func check(_ row: Row, in scope: Scope?) throws {
        if let scope, !scope.contains(row) { throw RecordError.outsideScope(entity: Record.entityName) }
    }

    /// Throws a `ValidationError` listing every failure of the record.
    public static func validated(_ record: Record) throws {
        let failures = record.validate()
        if !failures.isEmpty { throw ValidationError(entity: Record.entityName, failures: failures) }
    }

    /// The record with this primary key, if visible in the scope.
    public static func get(primaryKey: [StoreValue], in snapshot: Snapshot, scope: Scope?) throws -> Record? {
        guard let row = try snapshot.get(Record.tableName, primaryKey: primaryKey) else { return nil }
        if let scope, !scope.contains(row) { return nil }
        return try Record.decode(row)
    }

    /// The record with this unique key, if visible in the scope.
    public static func get(index: String, key: [StoreValue], in snapshot: Snapshot, scope: Scope?) throws -> Record? {
        guard let row = try snapshot.get(Record.tableName, index: index, key: key) else { return nil }
        if let scope, !scope.contains(row) { return nil }
        return try Record.decode(row)
    }

    /// How many records the scope holds.
    public static func count(in snapshot: Snapshot, scope: Scope?, index: String?) throws -> Int {
        guard let scope else { return try snapshot.count(Record.tableName) }
        if let index { return try snapshot.count(Record.tableName, index: index, prefix: scope.values) }
        return try snapshot.cursor(Record.tableName).reduce(0) { $0 + (scope.contains($1) ? 1 : 0) }
    }

    /// The stored row with the same primary key, or the same values of any unique key.
    public static func existingRow(like row: Row, in snapshot: Snapshot) throws -> Row? {
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

    /// The row to insert: defaults applied, timestamps set, validated.
    public static func newRow(_ record: Record, now: Date) throws -> Row {
        var record = record
        record.applyInsertDefaults(now: now)
        record.applyWriteTimestamps(now: now)
        try validated(record)
        var row = record.row
        if let auto = Record.autoIncrementPosition, row[auto] == .int(0) { row[auto] = .null }
        return row
    }

    /// Inserts a record (assigning an auto-increment key) and returns it as stored.
    public static func insert(_ record: Record, in tx: WriteTransaction, now: Date, scope: Scope?) throws -> Record {
        var row = try newRow(record, now: now)
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
    public static func update(_ record: Record, in tx: WriteTransaction, now: Date, scope: Scope?) throws -> Record {
        var record = record
        record.applyWriteTimestamps(now: now)
        try validated(record)
        let row = record.row
        try check(row, in: scope)
        guard let old = try tx.get(Record.tableName, primaryKey: primaryKey(of: row)) else {
            throw RecordError.notFound(entity: Record.entityName)
        }
        try check(old, in: scope)
        for reference in Record.ownerReferences { try reference.check(row, table: Record.tableName, in: tx) }
        try tx.update(row, in: Record.tableName)
        let stored = try Record.decode(row)
        try updateMultikeyEntries(of: stored, in: tx)
        return stored
    }

    /// Reads, changes and writes back one record.
    public static func modify(primaryKey: [StoreValue], in tx: WriteTransaction, now: Date, scope: Scope?,
                       _ change: (inout Record) throws -> Void) throws -> Record? {
        guard let old = try tx.get(Record.tableName, primaryKey: primaryKey) else { return nil }
        if let scope, !scope.contains(old) { return nil }
        var record = try Record.decode(old)
        try change(&record)
        guard self.primaryKey(of: record.row) == primaryKey else { throw RecordError.primaryKeyChanged(entity: Record.entityName) }
        return try update(record, in: tx, now: now, scope: scope)
    }

    /// Inserts, or updates the record matching the primary key or a unique key.
    public static func upsert(_ record: Record, in tx: WriteTransaction, now: Date, scope: Scope?) throws -> Record {
        let probe = try newRow(record, now: now)
        guard let old = try existingRow(like: probe, in: tx.snapshot) else { return try insert(record, in: tx, now: now, scope: scope) }
        try check(old, in: scope)
        let existing = try Record.decode(old)
        var replacement = record
        replacement.keepInsertDefaults(from: existing)
        var row = replacement.row
        for position in Record.primaryKeyPositions { row[position] = old[position] }
        return try update(try Record.decode(row), in: tx, now: now, scope: scope)
    }

    /// The record matching a key, or the given one inserted.
    public static func getOrCreate(_ record: Record, in tx: WriteTransaction, now: Date, scope: Scope?) throws -> (record: Record, created: Bool) {
        let probe = try newRow(record, now: now)
        if let old = try existingRow(like: probe, in: tx.snapshot) {
            try check(old, in: scope)
            return (try Record.decode(old), false)
        }
        return (try insert(record, in: tx, now: now, scope: scope), true)
    }

    /// Deletes by primary key (with the schema's on-delete actions); returns whether it existed.
    public static func delete(primaryKey: [StoreValue], in tx: WriteTransaction, scope: Scope?) throws -> Bool {
        guard let old = try tx.get(Record.tableName, primaryKey: primaryKey) else { return false }
        if let scope, !scope.contains(old) { return false }
        return try tx.delete(primaryKey: primaryKey, from: Record.tableName)
    }

    /// Makes the multikey side tables hold exactly the distinct elements of the stored `record`.
    public static func updateMultikeyEntries(of record: Record, in tx: WriteTransaction) throws {
        let indexes = Record.multikeyIndexes
        guard !indexes.isEmpty else { return }
        let key = primaryKey(of: record.row)
        for index in indexes {
            var wanted = Set(index.elements(record))
            for entry in try tx.scan(index.table, index: index.ownerIndex, prefix: key) where wanted.remove(entry[0]) == nil {
                _ = try tx.delete(primaryKey: entry, from: index.table)
            }
            for element in index.elements(record) where wanted.remove(element) != nil {
                _ = try tx.insert([element] + key, into: index.table)
            }
        }
    }

    @discardableResult
    /// Applies `keep newest N per …` rules after an insert; returns rows removed.
    public static func applyCaps(after row: Row, in tx: WriteTransaction) throws -> Int {
        var removed = 0
        for rule in Record.capRules {
            let group = rule.groupPositions.map { row[$0] }
            let members: [Row]
            if let index = rule.index {
                members = try tx.scan(Record.tableName, index: index, prefix: group)
            } else {
                members = try tx.scan(Record.tableName).filter { candidate in rule.groupPositions.map { candidate[$0] } == group }
            }
            removed += try Retention.trim(members, keeping: rule.count, orderPosition: rule.orderPosition,
                                          primaryKey: Record.primaryKeyPositions, table: Record.tableName, in: tx)
        }
        return removed
    }
}
