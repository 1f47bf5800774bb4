import SchemaLanguage

/// The embedded store's catalog of one schema version, as the generated library declares it:
/// the build-time mirror of the runtime's `StoreSchema` (this module does not link the runtime),
/// with every column's ``StoreShape``. ``StoreCatalogBuilder`` makes it; the store-evolution
/// emitter renders it as Swift.
public struct StoreCatalog: Sendable, Hashable {
    /// The tables: one per entity, then the side table of each of its multikey indexes.
    public var tables: [Table]
    /// The TTL key-value spaces (one per cache).
    public var keyValueSpaces: [String]

    /// The table named `name`.
    public func table(named name: String) -> Table? { tables.first { $0.name == name } }

    /// A table of the store (`TableDefinition`).
    public struct Table: Sendable, Hashable {
        /// The store table name (the entity's physical name, or `<table>__<index>` for a side table).
        public var name: String
        /// The columns in row order.
        public var columns: [Column]
        /// The primary-key columns.
        public var primaryKey: [String]
        /// Whether a `null` single integer key is assigned the next id.
        public var autoIncrement: Bool
        /// Secondary indexes the store keeps.
        public var indexes: [Index]
        /// Foreign keys to parent tables.
        public var foreignKeys: [ForeignKey]

        /// The column named `name`.
        public func column(named name: String) -> Column? { columns.first { $0.name == name } }
    }

    /// A column (`ColumnDefinition`): storage type, nullability and what its values mean.
    public struct Column: Sendable, Hashable {
        /// The column name (the field's physical name).
        public var name: String
        /// The runtime `ColumnType` case name (`int`, `string`, `bytes`, …).
        public var storage: String
        /// Whether `null` is allowed.
        public var isNullable: Bool
        /// The shape of its values.
        public var shape: StoreShape
    }

    /// A secondary index (`IndexDefinition`).
    public struct Index: Sendable, Hashable {
        /// The index name.
        public var name: String
        /// The indexed columns, most significant first.
        public var columns: [IndexColumn]
        /// Whether values must be unique.
        public var isUnique: Bool
        /// A partial index's condition over physical column names.
        public var condition: StoreCondition?
    }

    /// One column of an index and its order.
    public struct IndexColumn: Sendable, Hashable {
        /// The column name.
        public var name: String
        /// Whether it sorts descending.
        public var descending: Bool
    }

    /// A foreign key (`ForeignKeyDefinition`).
    public struct ForeignKey: Sendable, Hashable {
        /// The constraint name (`fk_<table>_<column>`).
        public var name: String
        /// The referencing columns.
        public var columns: [String]
        /// The parent table.
        public var parentTable: String
        /// The referenced parent columns.
        public var parentColumns: [String]
        /// `restrict`, `cascade` or `setNull` (the runtime `ReferentialAction` case).
        public var onDelete: String
    }
}

/// What a column's (or document field's) values mean: the mirror of the runtime's `ValueShape`.
public indirect enum StoreShape: Sendable, Hashable {
    case integer(bits: Int)
    case double
    case decimal(precision: Int, scale: Int)
    case bool
    case string(maxLength: Int?)
    case timestamp
    case date
    case uuid
    case bytes
    case json
    case objectID
    /// An enum by name with its raw values in declaration order.
    case enumeration(String, cases: [String])
    /// A nested document by name with its fields in encoding order.
    case document(String, fields: [StoreDocumentField])
    /// An array with its cap (`keep newest N`).
    case array(StoreShape, maxCount: Int?)
}

/// A field of a nested document's shape (the runtime's `DocumentField`).
public struct StoreDocumentField: Sendable, Hashable {
    /// The field's schema name.
    public var name: String
    /// Its values' shape.
    public var shape: StoreShape
    /// Whether it may be absent.
    public var isOptional: Bool
}

/// A partial index condition over physical column names (the runtime's `RowCondition`).
public indirect enum StoreCondition: Sendable, Hashable {
    /// Column, runtime `ComparisonOperator` case name, value.
    case compare(String, String, StoreLiteral)
    case isNull(String)
    case isNotNull(String)
    case and([StoreCondition])
    case or([StoreCondition])
    case not(StoreCondition)
}

/// One stored value (the runtime's `StoreValue`) known at build time.
public enum StoreLiteral: Sendable, Hashable {
    case null
    case int(Int64)
    /// A double with its schema spelling (so output shows `0.5`, as written).
    case double(String)
    case string(String)
    case bool(Bool)
    case timestamp(Int64)
    case bytes([UInt8])
}
