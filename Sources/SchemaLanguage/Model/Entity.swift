/// A table or collection, resolved.
public struct Entity: Sendable, Hashable {
    /// Logical name, unique in the schema (`tasks`).
    public var name: String
    /// Table or collection.
    public var kind: EntityKind
    /// Physical name (`task_manager_tasks`, `todos_{chat_id}` for a partitioned collection).
    public var physicalName: String
    /// Earlier names (from `was`), for migrations to recognise renames.
    public var previousNames: [String]
    /// The namespace it belongs to, if any.
    public var namespace: String?
    /// The entity whose fields it copied with `like`, if any.
    public var copiedFrom: String?
    /// Documentation.
    public var doc: [String]
    /// Lifecycle sections.
    public var about: Lifecycle
    /// Fields in order.
    public var fields: [Field]
    /// Names of the primary-key fields, in key order.
    public var primaryKey: [String]
    /// Every index and unique constraint (from field attributes and members), in source order.
    public var indexes: [Index]
    /// Retention rules in source order.
    public var retention: [RetentionRule]
    /// Who may write and how rows are scoped.
    public var access: AccessRules
    /// Fields whose values select the physical collection (`todos_{chat_id}`).
    public var partitionKeys: [String]
    /// Queries the application documents (`query …` lines), in source order; they store nothing.
    public var queries: [DocumentedQuery] = []
    /// The largest page a paged read returns (`pages at most 100`); nil for ``defaultPageLimit``.
    public var pageLimit: Int? = nil
    /// The largest page of an entity without `pages at most`: the runtime's `Page.maximumLimit`
    /// (a test keeps the two equal).
    public static let defaultPageLimit = 100
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange

    /// Creates an entity.
    public init(name: String, kind: EntityKind, physicalName: String, previousNames: [String] = [],
                namespace: String? = nil, copiedFrom: String? = nil, doc: [String] = [],
                about: Lifecycle = Lifecycle(), fields: [Field] = [], primaryKey: [String] = [],
                indexes: [Index] = [], retention: [RetentionRule] = [], access: AccessRules = AccessRules(),
                partitionKeys: [String] = [], range: SourceRange) {
        self.name = name
        self.kind = kind
        self.physicalName = physicalName
        self.previousNames = previousNames
        self.namespace = namespace
        self.copiedFrom = copiedFrom
        self.doc = doc
        self.about = about
        self.fields = fields
        self.primaryKey = primaryKey
        self.indexes = indexes
        self.retention = retention
        self.access = access
        self.partitionKeys = partitionKeys
        self.range = range
    }

    /// The field with this logical name.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
    /// The primary-key fields in key order.
    public var primaryKeyFields: [Field] { primaryKey.compactMap(field(named:)) }
    /// The foreign keys (fields with a reference), in field order.
    public var foreignKeys: [(field: Field, reference: Reference)] {
        fields.compactMap { field in field.reference.map { (field, $0) } }
    }
    /// Whether rows are never updated or deleted.
    public var isAppendOnly: Bool { retention.contains { if case .appendOnly = $0.kind { true } else { false } } }
    /// The auto-increment or generated primary-key field, if any.
    public var autoField: Field? { fields.first { $0.isAuto } }
}

/// An index or unique constraint.
public struct Index: Sendable, Hashable {
    /// Physical name: given with `named`, otherwise `idx_<table>_<fields>` / `uq_<table>_<fields>`.
    public var name: String
    /// Columns with their order.
    public var columns: [IndexColumn]
    /// Whether values must be unique.
    public var isUnique: Bool
    /// Partial index condition.
    public var condition: Condition?
    /// Documents expire this long after the (single, timestamp) column's value.
    public var ttl: TimeSpan?
    /// Whether the name was given explicitly.
    public var isNamed: Bool
    /// Earlier physical names (from `was`), for migrations to rename instead of rebuilding.
    public var previousNames: [String]
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange

    /// Creates an index.
    public init(name: String, columns: [IndexColumn], isUnique: Bool, condition: Condition? = nil,
                ttl: TimeSpan? = nil, isNamed: Bool = false, previousNames: [String] = [], range: SourceRange) {
        self.name = name
        self.previousNames = previousNames
        self.columns = columns
        self.isUnique = isUnique
        self.condition = condition
        self.ttl = ttl
        self.isNamed = isNamed
        self.range = range
    }

    /// The indexed field names in order.
    public var fieldNames: [String] { columns.map(\.field) }
}

/// One column of an index.
public struct IndexColumn: Sendable, Hashable {
    /// The field's logical name.
    public var field: String
    /// Whether the column sorts descending.
    public var descending: Bool

    /// Creates an index column.
    public init(field: String, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// Who may write an entity, and how its rows are scoped. Once an access block names any writer,
/// an operation it does not list is allowed to nobody (an audit log with only `insert:` cannot be
/// updated); with no writer lists every module may write.
public struct AccessRules: Sendable, Hashable {
    /// Whether writer lists are given (otherwise every module may write).
    public var restrictsWriters: Bool
    /// Modules allowed to insert.
    public var insert: [String]
    /// Modules allowed to update.
    public var update: [String]
    /// Modules allowed to delete.
    public var delete: [String]
    /// The field every row is scoped by (tenant key), if any.
    public var owner: String?
    /// Modules given read-only access (`read:`): on PostgreSQL and MySQL/MariaDB a role with
    /// `SELECT` on exactly the tables that list it; in Swift a reader reaching only those
    /// entities, through which writes do not compile. Writers read every table anyway.
    public var read: [String] = []

    /// Creates access rules; with no writer lists, access is unrestricted.
    public init(restrictsWriters: Bool = false, insert: [String] = [], update: [String] = [],
                delete: [String] = [], owner: String? = nil) {
        self.restrictsWriters = restrictsWriters
        self.insert = insert
        self.update = update
        self.delete = delete
        self.owner = owner
    }

    /// The modules allowed an operation, or nil when any module may.
    public func modules(allowedTo operation: WriteOperation) -> [String]? {
        guard restrictsWriters else { return nil }
        switch operation {
        case .insert: return insert
        case .update: return update
        case .delete: return delete
        }
    }

    /// Every module named, sorted and without repeats.
    public var modules: [String] { Array(Set(insert + update + delete)).sorted() }

    /// The read-only modules of these entities, sorted: named in their `read:` lists and as a
    /// writer of none of them. Each gets a reader type in Swift and a `SELECT`-only role in SQL.
    public static func readOnlyModules(of entities: [Entity]) -> [String] {
        Set(entities.flatMap(\.access.read)).subtracting(entities.flatMap(\.access.modules)).sorted()
    }
}

/// A kind of write an access rule governs.
public enum WriteOperation: String, Sendable, Hashable, CaseIterable {
    case insert
    case update
    case delete
}
