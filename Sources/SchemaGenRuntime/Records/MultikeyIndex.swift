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
