import Foundation

/// A column: its name, type and whether it may hold `null`.
public struct ColumnDefinition: Codable, Sendable, Hashable {
    /// The column name, unique within its table.
    public var name: String
    /// The type every non-null value must have.
    public var type: ColumnType
    /// Whether the column accepts ``StoreValue/null``. Primary-key columns never do.
    public var isNullable: Bool
    /// What the values mean (integer width, string length, enum cases, nested document fields);
    /// recorded in the catalog so a store is never read with a different shape. `nil`: only `type` is known.
    public var shape: ValueShape?

    /// A column named `name` of type `type`, with values of `shape`.
    public init(_ name: String, _ type: ColumnType, nullable: Bool = false, shape: ValueShape? = nil) {
        self.name = name
        self.type = type
        self.isNullable = nullable
        self.shape = shape
    }
}

/// One column of an index, with its sort order.
public struct IndexColumn: Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The column name.
    public var name: String
    /// Ascending or descending.
    public var order: ColumnOrder

    /// An index column named `name` in the given order.
    public init(_ name: String, _ order: ColumnOrder = .ascending) {
        self.name = name
        self.order = order
    }

    /// An ascending column from a string literal, so `["chat", .descending("time")]` reads naturally.
    public init(stringLiteral value: String) { self.init(value) }

    /// A descending index column.
    public static func descending(_ name: String) -> IndexColumn { IndexColumn(name, .descending) }
}

/// A secondary index: a tree ordered by some columns of each row (then by primary key).
public struct IndexDefinition: Codable, Sendable, Hashable {
    /// The index name, unique within its table.
    public var name: String
    /// The indexed columns, most significant first.
    public var columns: [IndexColumn]
    /// Whether two rows may not share the same values in `columns`. Rows with a `null` in any
    /// indexed column never conflict, as in SQL.
    public var isUnique: Bool
    /// For a partial index: only rows satisfying this condition are indexed (and checked for uniqueness).
    public var condition: RowCondition?

    /// An index named `name` over `columns`.
    public init(_ name: String, on columns: [IndexColumn], unique: Bool = false, where condition: RowCondition? = nil) {
        self.name = name
        self.columns = columns
        self.isUnique = unique
        self.condition = condition
    }
}

/// What happens to child rows when the parent row they reference is deleted.
public enum ReferentialAction: String, Codable, Sendable, Hashable {
    /// Deleting a referenced parent fails with ``StoreError/foreignKeyRestrict(table:childTable:foreignKey:)``.
    case restrict
    /// Child rows are deleted with the parent (recursively).
    case cascade
    /// The child's foreign-key columns are set to `null` (they must be nullable).
    case setNull
}

/// A reference from columns of this table to the primary key or a unique index of a parent table.
///
/// A child row whose foreign-key columns are all non-null must have a parent row with equal
/// values. Declare an index on the child's foreign-key columns so deletes find children
/// without a full scan.
public struct ForeignKeyDefinition: Codable, Sendable, Hashable {
    /// The constraint name, unique within its table.
    public var name: String
    /// The referencing columns of the child table.
    public var columns: [String]
    /// The referenced table.
    public var parentTable: String
    /// The referenced columns: the parent's primary key or the columns of one of its unique indexes, in order.
    public var parentColumns: [String]
    /// The action taken when a referenced parent row is deleted.
    public var onDelete: ReferentialAction

    /// A foreign key named `name` from `columns` to `parentColumns` of `parentTable`.
    public init(_ name: String, columns: [String], references parentTable: String, _ parentColumns: [String],
                onDelete: ReferentialAction = .restrict) {
        self.name = name
        self.columns = columns
        self.parentTable = parentTable
        self.parentColumns = parentColumns
        self.onDelete = onDelete
    }
}

/// The definition of a table: columns, primary key, indexes and foreign keys.
public struct TableDefinition: Codable, Sendable, Hashable {
    /// The table name, unique within the store.
    public var name: String
    /// The columns, in row order.
    public var columns: [ColumnDefinition]
    /// The primary-key columns.
    public var primaryKey: [String]
    /// Whether inserting a row whose single `int` primary key is `null` assigns the next id
    /// (one more than the largest ever assigned or inserted; ids are not reused).
    public var autoIncrement: Bool
    /// Secondary indexes.
    public var indexes: [IndexDefinition]
    /// Foreign keys to parent tables.
    public var foreignKeys: [ForeignKeyDefinition]

    /// A table named `name`.
    public init(_ name: String, columns: [ColumnDefinition], primaryKey: [String], autoIncrement: Bool = false,
                indexes: [IndexDefinition] = [], foreignKeys: [ForeignKeyDefinition] = []) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.autoIncrement = autoIncrement
        self.indexes = indexes
        self.foreignKeys = foreignKeys
    }
}

/// Everything a store holds: its tables and its TTL key-value spaces.
public struct StoreSchema: Codable, Sendable, Hashable {
    /// The tables.
    public var tables: [TableDefinition]
    /// Names of TTL key-value spaces (see ``TTLSpace``).
    public var keyValueSpaces: [String]

    /// A schema with the given tables and TTL spaces.
    public init(tables: [TableDefinition], keyValueSpaces: [String] = []) {
        self.tables = tables
        self.keyValueSpaces = keyValueSpaces
    }
}
