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
    /// The row position of the indexed array field, so a planned `contains(element)` filter
    /// finds the index (nil: the index is only read through its generated query).
    public let column: Int?
    /// The indexed elements of a record (duplicates are indexed once).
    public let elements: @Sendable (Record) -> [StoreValue]

    /// A multikey index kept in `table`, over the array field at row position `column`.
    public init(table: String, ownerIndex: String, column: Int? = nil, elements: @escaping @Sendable (Record) -> [StoreValue]) {
        self.table = table
        self.ownerIndex = ownerIndex
        self.column = column
        self.elements = elements
    }
}
