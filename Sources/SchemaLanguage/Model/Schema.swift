/// The checked, resolved model of one schema file: the one thing every emitter reads.
/// Names are resolved, defaults type-checked, inline enums named, `like` copies expanded and
/// namespace owners applied, so emitters never look at syntax.
public struct Schema: Sendable, Hashable {
    /// The schema's name (`discord_bot`); also the output folder's name.
    public var name: String
    /// The `.schema` file it came from: the model's source ranges point into it.
    public var source: SourceFile
    /// The path of the file it came from, as given to the checker.
    public var sourcePath: String { source.path }
    /// Documentation of the schema.
    public var doc: [String]
    /// The schema's lifecycle sections, if any.
    public var about: Lifecycle
    /// What the schema is generated for, in the order written.
    public var targets: [Target]
    /// Physical database name, when given.
    public var databaseName: String?
    /// Tables and collections in source order (namespace members in place).
    public var entities: [Entity]
    /// Named enums in source order, then inline enums (named `<owner>_<field>`) in the order
    /// their owners were checked: nested types first, then entities.
    public var enums: [EnumType]
    /// Nested document types in source order.
    public var types: [NestedType]
    /// Cache key spaces in source order.
    public var caches: [CacheSpace]
    /// The header's SQL storage defaults (`timestamps naive`, `auto serial`, `enums varchar`);
    /// fields already carry them merged into ``Field/storage``.
    public var storageDefaults = SQLStorage()

    /// Creates a schema.
    public init(name: String, source: SourceFile, doc: [String] = [], about: Lifecycle = Lifecycle(),
                targets: [Target] = [], databaseName: String? = nil, entities: [Entity] = [],
                enums: [EnumType] = [], types: [NestedType] = [], caches: [CacheSpace] = []) {
        self.name = name
        self.source = source
        self.doc = doc
        self.about = about
        self.targets = targets
        self.databaseName = databaseName
        self.entities = entities
        self.enums = enums
        self.types = types
        self.caches = caches
    }

    /// The entity with this logical name.
    public func entity(named name: String) -> Entity? { entities.first { $0.name == name } }
    /// The nested type with this name.
    public func type(named name: String) -> NestedType? { types.first { $0.name == name } }
    /// The tables (relational entities).
    public var tables: [Entity] { entities.filter { $0.kind == .table } }
    /// The document collections.
    public var collections: [Entity] { entities.filter { $0.kind == .collection } }
    /// Whether SQL for this target is generated.
    public func targets(_ target: Target) -> Bool { targets.contains(target) }
}

/// A database the schema is generated for.
public enum Target: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
    case mysql
    case mongo

    /// Whether the target is a SQL database (generates DDL for tables).
    public var isSQL: Bool { self != .mongo }
}

/// The prose a team keeps about an entity's life.
public struct Lifecycle: Sendable, Hashable {
    /// What it represents.
    public var represents: [String] = []
    /// When it grows.
    public var grows: [String] = []
    /// When it is cleaned.
    public var cleaned: [String] = []
    /// Who may touch it.
    public var touchedBy: [String] = []

    /// An empty lifecycle.
    public init() {}

    /// Whether nothing was written.
    public var isEmpty: Bool { represents.isEmpty && grows.isEmpty && cleaned.isEmpty && touchedBy.isEmpty }
}

/// A named enum (or an inline one, named after its entity and field).
public struct EnumType: Sendable, Hashable {
    /// The enum's name (`UserStatus`, or `users_status` for an inline enum of `users.status`).
    public var name: String
    /// The cases in order.
    public var cases: [EnumCase]
    /// Whether it was written inline in a field's type.
    public var isInline: Bool
    /// Documentation.
    public var doc: [String]
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange

    /// Creates an enum.
    public init(name: String, cases: [EnumCase], isInline: Bool, doc: [String] = [], range: SourceRange) {
        self.name = name
        self.cases = cases
        self.isInline = isInline
        self.doc = doc
        self.range = range
    }

    /// The stored values, in order.
    public var rawValues: [String] { cases.map(\.rawValue) }
}

/// One enum case: its name in code and its stored value.
public struct EnumCase: Sendable, Hashable {
    /// The case's identifier.
    public var name: String
    /// The value stored in the database (the name unless given).
    public var rawValue: String
    /// Documentation.
    public var doc: [String]
    /// Earlier names (from `was`), for migrations to recognise renamed cases.
    public var previousNames: [String]
    /// Where its stored value is written (its name when the value is not): byte offsets into
    /// the schema file. Not part of equality: defaults embed cases, and a default compared
    /// across two versions of a schema must not change because a line moved.
    public var range: SourceRange

    /// Creates a case (built by hand, it points nowhere in particular).
    public init(name: String, rawValue: String, doc: [String] = [], previousNames: [String] = [],
                range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.name = name
        self.rawValue = rawValue
        self.doc = doc
        self.previousNames = previousNames
        self.range = range
    }

    /// Cases are equal when name, value, documentation and earlier names are.
    public static func == (left: EnumCase, right: EnumCase) -> Bool {
        (left.name, left.rawValue, left.doc, left.previousNames) == (right.name, right.rawValue, right.doc, right.previousNames)
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(rawValue)
        hasher.combine(doc)
        hasher.combine(previousNames)
    }
}

/// A nested document type: stored inside its parent (JSON in SQL, a subdocument in MongoDB).
public struct NestedType: Sendable, Hashable {
    /// The type's name.
    public var name: String
    /// Its fields.
    public var fields: [Field]
    /// Documentation.
    public var doc: [String]
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange

    /// Creates a nested type.
    public init(name: String, fields: [Field], doc: [String] = [], range: SourceRange) {
        self.name = name
        self.fields = fields
        self.doc = doc
        self.range = range
    }
}

/// A cache key space: keys built from a template, values of one type, a TTL.
public struct CacheSpace: Sendable, Hashable {
    /// The cache's name.
    public var name: String
    /// The key template, e.g. `server:{server_id}:info`.
    public var keyTemplate: String
    /// How long an entry lives.
    public var ttl: TimeSpan
    /// The value's type.
    public var valueType: FieldType
    /// The key's parameters in declaration order.
    public var parameters: [Field]
    /// Documentation.
    public var doc: [String]
    /// Where it is declared: byte offsets into the schema file (line and column only when shown).
    public var range: SourceRange

    /// Creates a cache space.
    public init(name: String, keyTemplate: String, ttl: TimeSpan, valueType: FieldType, parameters: [Field],
                doc: [String] = [], range: SourceRange) {
        self.name = name
        self.keyTemplate = keyTemplate
        self.ttl = ttl
        self.valueType = valueType
        self.parameters = parameters
        self.doc = doc
        self.range = range
    }
}
