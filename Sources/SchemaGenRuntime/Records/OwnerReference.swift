/// A reference between two owner-scoped entities: a record may only name a parent of its own
/// owner. The store checks foreign keys without owners, so without this a tenant could point a
/// record at another tenant's row, learn that it exists, and keep its owner from deleting it.
/// A parent of another owner is refused exactly as a missing one (``StoreError/missingParent``).
public struct OwnerReference: Sendable {
    /// The foreign key's name, for the error.
    public let foreignKey: String
    /// Row position of the referencing column.
    public let column: Int
    /// Row position of the record's owner.
    public let ownerPosition: Int
    /// The parent's store table.
    public let parentTable: String
    /// The parent's unique index on the referenced column, or nil for its primary key.
    public let parentIndex: String?
    /// Row position of the parent's owner.
    public let parentOwnerPosition: Int

    /// A reference from `column` to `parentTable`, both scoped by owner.
    public init(foreignKey: String, column: Int, ownerPosition: Int, parentTable: String, parentIndex: String?,
                parentOwnerPosition: Int) {
        self.foreignKey = foreignKey
        self.column = column
        self.ownerPosition = ownerPosition
        self.parentTable = parentTable
        self.parentIndex = parentIndex
        self.parentOwnerPosition = parentOwnerPosition
    }

    /// Throws ``StoreError/missingParent`` when `row` names a parent of another owner.
    func check(_ row: Row, table: String, in tx: any TableReader) throws {
        let value = row[column]
        guard !value.isNull else { return }
        let parent = try parentIndex.map { try tx.get(parentTable, index: $0, key: [value]) }
            ?? tx.get(parentTable, primaryKey: [value])
        if let parent, parent[parentOwnerPosition] != row[ownerPosition] {
            throw StoreError.missingParent(table: table, foreignKey: foreignKey, parentTable: parentTable, key: [value])
        }
    }
}
