/// One difference between two versions of a schema: what changed, where, and what applying it
/// risks. The diff engine computes a list of these once; every target (SQL dialects, MongoDB,
/// the review report) only renders it.
public struct SchemaChange: Sendable, Hashable {
    /// What kind of change this is; its `rawValue` is the stable code reviewers and docs use.
    public var code: ChangeCode
    /// What applying it risks (empty: safe).
    public var classes: ChangeClasses
    /// What the change belongs to.
    public var scope: Scope
    /// The container's name in the old schema (entity, enum, nested type or cache), when it existed there.
    public var oldName: String?
    /// The container's name in the new schema, when it exists there.
    public var newName: String?
    /// The member (field, index, enum case) in the old schema, when the change is about one.
    public var oldMember: String?
    /// The member in the new schema.
    public var newMember: String?
    /// One line for people: `users.email: string(100) → string(255)`.
    public var summary: String

    /// Creates a change.
    public init(_ code: ChangeCode, classes: ChangeClasses? = nil, scope: Scope, oldName: String?, newName: String?,
                oldMember: String? = nil, newMember: String? = nil, summary: String) {
        self.code = code
        self.classes = classes ?? code.defaultClasses
        self.scope = scope
        self.oldName = oldName
        self.newName = newName
        self.oldMember = oldMember
        self.newMember = newMember
        self.summary = summary
    }

    /// What a change belongs to.
    public enum Scope: String, Sendable, Hashable {
        case schema
        case entity
        case enumType = "enum"
        case nestedType = "type"
        case cache
    }

    /// The container's current name (new, or old when it was dropped).
    public var name: String { newName ?? oldName ?? "" }

    /// Whether it needs an explicit acknowledgement before it may run.
    public var needsAcknowledgement: Bool { classes.contains(.destructive) }
}

/// What applying a change risks. A change with none is safe.
public struct ChangeClasses: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int
    /// Creates classes from bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Drops data (a table, a column, enum values in use).
    public static let destructive = ChangeClasses(rawValue: 1)
    /// May fail on existing rows (NOT NULL without default, a new unique or check, a narrowed type, a new FK).
    public static let dataDependent = ChangeClasses(rawValue: 2)
    /// Breaks code written for the old schema (renames, type changes, removed members).
    public static let incompatible = ChangeClasses(rawValue: 4)
    /// Rewrites a table or holds a lock that blocks writers while it runs.
    public static let locking = ChangeClasses(rawValue: 8)
    /// Has no down step that restores what it changed.
    public static let irreversible = ChangeClasses(rawValue: 16)

    /// Every class, in report order, with its name.
    public static let named: [(ChangeClasses, String)] = [
        (.destructive, "destructive"), (.dataDependent, "data-dependent"), (.incompatible, "incompatible"),
        (.locking, "locking"), (.irreversible, "irreversible"),
    ]

    /// The class names, comma-separated, or `safe`.
    public var description: String {
        let names = Self.named.filter { contains($0.0) }.map(\.1)
        return names.isEmpty ? "safe" : names.joined(separator: ", ")
    }
}

/// The stable code of each kind of change. Codes never change meaning once released; the
/// hundreds group them: 1 entities, 2 fields, 3 keys and indexes, 4 enums, 5 nested types,
/// 6 rules (retention, access), 7 caches, 8 the schema itself.
public enum ChangeCode: String, Sendable, Hashable, CaseIterable {
    case entityAdded = "SG101"
    case entityDropped = "SG102"
    case entityRenamed = "SG103"
    case entityPhysicalNameChanged = "SG104"
    case entityDocChanged = "SG105"
    case documentedQueryChanged = "SG106"

    case fieldAdded = "SG201"
    case requiredFieldAdded = "SG202"
    case fieldDropped = "SG203"
    case fieldRenamed = "SG204"
    case fieldPhysicalNameChanged = "SG205"
    case fieldTypeWidened = "SG206"
    case fieldTypeChanged = "SG207"
    case fieldMadeOptional = "SG208"
    case fieldMadeRequired = "SG209"
    case fieldDefaultChanged = "SG210"
    case fieldChecksChanged = "SG211"
    case foreignKeyAdded = "SG212"
    case foreignKeyDropped = "SG213"
    case foreignKeyChanged = "SG214"
    case fieldAutoChanged = "SG215"
    case fieldOnUpdateChanged = "SG216"
    case fieldCapChanged = "SG217"
    case fieldDocChanged = "SG218"
    case fieldStorageChanged = "SG219"

    case primaryKeyChanged = "SG301"
    case indexAdded = "SG302"
    case uniqueIndexAdded = "SG303"
    case indexDropped = "SG304"
    case indexRenamed = "SG305"
    case indexChanged = "SG306"

    case enumAdded = "SG401"
    case enumDropped = "SG402"
    case enumCaseAdded = "SG403"
    case enumCaseRemoved = "SG404"
    case enumCaseRenamed = "SG405"
    case enumCasesReordered = "SG406"

    case nestedTypeAdded = "SG501"
    case nestedTypeDropped = "SG502"
    case nestedFieldAdded = "SG503"
    case nestedRequiredFieldAdded = "SG504"
    case nestedFieldDropped = "SG505"
    case nestedFieldRenamed = "SG506"
    case nestedFieldChanged = "SG507"

    case retentionAdded = "SG601"
    case retentionRemoved = "SG602"
    case appendOnlyAdded = "SG603"
    case appendOnlyRemoved = "SG604"
    case writersChanged = "SG605"
    case ownerChanged = "SG606"
    case partitionChanged = "SG607"
    case retentionHandledChanged = "SG608"
    case retentionPeriodChanged = "SG609"
    case pageLimitChanged = "SG610"
    case retentionRollUpChanged = "SG611"

    case cacheAdded = "SG701"
    case cacheDropped = "SG702"
    case cacheChanged = "SG703"

    case targetsChanged = "SG801"

    /// A short name for the change, e.g. `field-dropped`.
    public var title: String {
        switch self {
        case .entityAdded: "entity added"
        case .entityDropped: "entity dropped"
        case .entityRenamed: "entity renamed"
        case .entityPhysicalNameChanged: "physical name changed"
        case .entityDocChanged: "documentation changed"
        case .documentedQueryChanged: "documented query changed"
        case .fieldAdded: "field added"
        case .requiredFieldAdded: "required field added without default"
        case .fieldDropped: "field dropped"
        case .fieldRenamed: "field renamed"
        case .fieldPhysicalNameChanged: "column renamed"
        case .fieldTypeWidened: "type widened"
        case .fieldTypeChanged: "type changed"
        case .fieldMadeOptional: "made optional"
        case .fieldMadeRequired: "made required"
        case .fieldDefaultChanged: "default changed"
        case .fieldChecksChanged: "checks changed"
        case .foreignKeyAdded: "foreign key added"
        case .foreignKeyDropped: "foreign key dropped"
        case .foreignKeyChanged: "foreign key changed"
        case .fieldAutoChanged: "auto value changed"
        case .fieldOnUpdateChanged: "on update now changed"
        case .fieldCapChanged: "array cap changed"
        case .fieldDocChanged: "field documentation changed"
        case .fieldStorageChanged: "SQL storage changed"
        case .primaryKeyChanged: "primary key changed"
        case .indexAdded: "index added"
        case .uniqueIndexAdded: "unique index added"
        case .indexDropped: "index dropped"
        case .indexRenamed: "index renamed"
        case .indexChanged: "index changed"
        case .enumAdded: "enum added"
        case .enumDropped: "enum dropped"
        case .enumCaseAdded: "enum case added"
        case .enumCaseRemoved: "enum case removed"
        case .enumCaseRenamed: "enum case renamed"
        case .enumCasesReordered: "enum cases reordered"
        case .nestedTypeAdded: "nested type added"
        case .nestedTypeDropped: "nested type dropped"
        case .nestedFieldAdded: "nested field added"
        case .nestedRequiredFieldAdded: "required nested field added"
        case .nestedFieldDropped: "nested field dropped"
        case .nestedFieldRenamed: "nested field renamed"
        case .nestedFieldChanged: "nested field changed"
        case .retentionAdded: "retention rule added"
        case .retentionRemoved: "retention rule removed"
        case .appendOnlyAdded: "made append-only"
        case .appendOnlyRemoved: "no longer append-only"
        case .writersChanged: "writers changed"
        case .ownerChanged: "owner changed"
        case .partitionChanged: "partition changed"
        case .retentionHandledChanged: "retention rule handled mark changed"
        case .retentionPeriodChanged: "retention period name changed"
        case .pageLimitChanged: "page size limit changed"
        case .retentionRollUpChanged: "retention roll-up changed"
        case .cacheAdded: "cache added"
        case .cacheDropped: "cache dropped"
        case .cacheChanged: "cache changed"
        case .targetsChanged: "targets changed"
        }
    }

    /// The classes a change of this kind has unless the differ knows better.
    public var defaultClasses: ChangeClasses {
        switch self {
        case .entityDropped, .fieldDropped, .nestedFieldDropped, .nestedTypeDropped:
            [.destructive, .irreversible, .incompatible]
        case .requiredFieldAdded, .nestedRequiredFieldAdded:
            [.dataDependent, .incompatible]
        case .entityRenamed, .entityPhysicalNameChanged, .fieldRenamed, .fieldPhysicalNameChanged, .nestedFieldRenamed,
             .enumCaseRenamed:
            [.incompatible]
        case .fieldTypeWidened: [.locking]
        case .fieldStorageChanged: [.incompatible, .locking]
        case .fieldTypeChanged, .nestedFieldChanged: [.dataDependent, .incompatible, .locking]
        case .fieldMadeRequired, .fieldChecksChanged, .foreignKeyAdded, .foreignKeyChanged: [.dataDependent]
        case .fieldAutoChanged, .primaryKeyChanged: [.dataDependent, .incompatible, .locking]
        case .indexAdded, .indexChanged: [.locking]
        case .uniqueIndexAdded: [.dataDependent, .locking]
        case .enumCaseRemoved: [.dataDependent, .incompatible]
        case .retentionAdded, .retentionHandledChanged: [.destructive]
        case .appendOnlyAdded, .writersChanged, .ownerChanged, .retentionPeriodChanged, .pageLimitChanged: [.incompatible]
        case .partitionChanged: [.dataDependent, .incompatible]
        case .enumDropped: [.incompatible]
        default: []
        }
    }
}
