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
    /// The largest page a paged read returns (`pages at most N`); larger limits are clamped to it.
    static var maximumPageSize: Int { get }
    /// The record from a stored row.
    init(row: Row) throws
    /// The record read field by field straight from a stored row's bytes (generated: no `Row`
    /// is built). The store's typed reads (`get`, queries' `fetch`, `all`, `first`) decode
    /// with it; the default builds the row and calls ``init(row:)``.
    init(reading reader: inout RowReader) throws
    /// The record as a row, in column order.
    var row: Row { get }
    /// Fills fields whose defaults the database supplies on insert (`now`) when they are nil.
    mutating func applyInsertDefaults(now: Date)
    /// Sets the `on update now` fields an update leaves equal to `previous` (the stored record), as
    /// the SQL triggers do: a value the update itself gives is kept.
    mutating func applyWriteTimestamps(now: Date, previous: Self)
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
    /// ``Page/maximumLimit`` unless the entity declares `pages at most N`.
    public static var maximumPageSize: Int { Page<Self>.maximumLimit }
    /// Nothing to fill unless the entity has optional `now` or generated defaults.
    public mutating func applyInsertDefaults(now: Date) {}
    /// Nothing to set unless the entity has `on update now` fields.
    public mutating func applyWriteTimestamps(now: Date, previous: Self) {}
    /// Nothing to keep unless the entity has optional `now` or generated defaults.
    public mutating func keepInsertDefaults(from existing: Self) {}

    /// Builds the row of the values not read yet and decodes the record from it.
    public init(reading reader: inout RowReader) throws { try self.init(row: try reader.remainingValues()) }

    static func decode(_ row: Row) throws -> Self {
        do { return try Self(row: row) } catch let error as RecordError { throw error } catch {
            throw RecordError.undecodable(entity: entityName, reason: "\(error)")
        }
    }

    /// The record in the stored row `bytes` (borrowed from the store for the call), read with
    /// ``init(reading:)``; bytes that do not decode into it throw ``RecordError/undecodable(entity:reason:)``.
    static func decode(stored bytes: UnsafeBufferPointer<UInt8>, statistics: ScanStatistics? = nil) throws -> Self {
        statistics?.recordsDecodedFromStoredRows += 1
        do {
            var reader = try RowReader(bytes)
            let record = try Self(reading: &reader)
            try reader.finish()
            return record
        } catch let error as RecordError { throw error } catch {
            throw RecordError.undecodable(entity: entityName, reason: "\(error)")
        }
    }
}
