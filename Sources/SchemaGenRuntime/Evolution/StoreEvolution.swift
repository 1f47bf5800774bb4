import Foundation

// The contract between the build-time planner (SchemaEmitters, which owns the one diff engine)
// and the runtime: generated code lists every schema version a store may have been written
// with, and, per version step, what the diff engine decided (identities, renames, fills and
// the changes with their codes and classes). The runtime never decides identity itself; it
// only converts values between the two shapes the step names and checks the new constraints.

/// Every schema version a generated library knows, oldest first; the last one is current.
public struct StoreEvolution: Sendable {
    /// The catalogs of all known versions, oldest first.
    public var versions: [StoreVersion]
    /// `steps[i]` turns a store at `versions[i]` into one at `versions[i + 1]`.
    public var steps: [StoreVersionStep]

    /// An evolution from `versions` (oldest first) and the steps between consecutive ones.
    public init(versions: [StoreVersion], steps: [StoreVersionStep]) {
        self.versions = versions
        self.steps = steps
    }
}

/// One schema version as the store sees it.
public struct StoreVersion: Codable, Sendable, Hashable {
    /// The version's number (1 for the first recorded migration; the current schema is last).
    public var number: Int
    /// The migration's name (`initial`, `add_reminders`) or `current`.
    public var name: String
    /// The full catalog: tables, columns with their ``ValueShape``s, indexes, foreign keys, TTL spaces.
    public var schema: StoreSchema

    /// Version `number` named `name` with catalog `schema`.
    public init(number: Int, name: String, schema: StoreSchema) {
        self.number = number
        self.name = name
        self.schema = schema
    }
}

/// How a store moves from one version to the next, as the diff engine planned it.
public struct StoreVersionStep: Codable, Sendable, Hashable {
    /// For each table of the new version: the old table its rows come from (`nil`: a new, empty table).
    /// Old tables no table names here are dropped. A new table without an entry takes the rows of
    /// the old table of its name, if there is one (TTL spaces' internal tables always do).
    public var tableSources: [String: String?]
    /// Per new table: for each new column, where its values come from. A column without an entry
    /// takes the values of the old column of its name, or `null` if there is none.
    public var columnSources: [String: [String: ColumnSource]]
    /// Per nested document type of the new version (by name): for each new field, where its value
    /// comes from, and the old type's name. A type or field without an entry maps fields by name
    /// (a new field without one is absent, so it must be optional).
    public var documentSources: [String: DocumentSource]
    /// Per enum of the new version (by name): renamed cases, old raw value → new raw value.
    public var enumCaseRenames: [String: [String: String]]
    /// Every change of the step, as the diff engine classified it (same code and class as the SQL plan).
    public var changes: [StoreChange]

    /// A step; see the properties.
    public init(tableSources: [String: String?] = [:], columnSources: [String: [String: ColumnSource]] = [:],
                documentSources: [String: DocumentSource] = [:], enumCaseRenames: [String: [String: String]] = [:],
                changes: [StoreChange]) {
        self.tableSources = tableSources
        self.columnSources = columnSources
        self.documentSources = documentSources
        self.enumCaseRenames = enumCaseRenames
        self.changes = changes
    }
}

/// Where a column (or document field) of the new version gets its value.
public enum ColumnSource: Codable, Sendable, Hashable {
    /// From the old column (or field) of this name — the same name, or the one `was` named —
    /// converted to the new shape (widening always; narrowing and optional → required checked row by row).
    case column(String, whenNull: StoreValue?)
    /// A new column: every existing row gets this value (``StoreValue/null`` for optional columns).
    case fill(StoreValue)
    /// Computed by a transform the bot registers for this step (``StoreTransform``).
    case transform
}

/// The fields of one nested document type across a step.
public struct DocumentSource: Codable, Sendable, Hashable {
    /// The type's name in the old version.
    public var oldName: String
    /// For each field of the new type: where its value comes from (`.fill` values are encoded in the new field's shape).
    public var fields: [String: ColumnSource]

    /// The sources of the fields of a type that was called `oldName`.
    public init(oldName: String, fields: [String: ColumnSource]) {
        self.oldName = oldName
        self.fields = fields
    }
}

/// One classified change of a version step, as `schemagen diff` reports it.
public struct StoreChange: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The diff engine's stable code (`SG201`).
    public var code: String
    /// The change's classes (`destructive`, `data-dependent`, `incompatible`, `locking`, `irreversible`).
    public var classes: [String]
    /// The table (entity) it concerns, if any.
    public var table: String?
    /// The column (field) it concerns, if any.
    public var column: String?
    /// What changes, in one line (`drop column 'users.nickname'`).
    public var summary: String

    /// A change with code `code`.
    public init(code: String, classes: [String], table: String? = nil, column: String? = nil, summary: String) {
        self.code = code
        self.classes = classes
        self.table = table
        self.column = column
        self.summary = summary
    }

    /// Whether running it can lose data, so it needs ``StoreMigrationPolicy/allowDestructive``.
    public var isDestructive: Bool { classes.contains("destructive") }

    /// `SG201 drop column 'users.nickname' [destructive]`.
    public var description: String {
        classes.isEmpty ? "\(code) \(summary)" : "\(code) \(summary) [\(classes.joined(separator: ", "))]"
    }
}

/// What an open may do to a store written with an older version.
public enum StoreMigrationPolicy: Sendable, Hashable {
    /// Migrate, but refuse (changing nothing) if a step is destructive.
    case automatic
    /// Migrate, including destructive steps (dropped tables, columns, cases).
    case allowDestructive
    /// Never migrate: a store at an older version is refused.
    case refuse
}

/// Progress of a migration, reported per table as rows are converted.
public struct StoreMigrationProgress: Sendable, Hashable {
    /// The version being migrated to.
    public var version: Int
    /// The table being rewritten.
    public var table: String
    /// Rows of `table` done so far.
    public var rowsDone: Int
    /// Rows of `table` in all.
    public var rowsTotal: Int

    /// Progress of `table` in the step to `version`.
    public init(version: Int, table: String, rowsDone: Int, rowsTotal: Int) {
        self.version = version
        self.table = table
        self.rowsDone = rowsDone
        self.rowsTotal = rowsTotal
    }
}

/// A transform a bot registers for a version step: computes the columns the planner marked
/// ``ColumnSource/transform`` (and may rewrite others) from the old row. Registered for a
/// table, it runs for every row of that table in its step. This untyped form works for any
/// step; for the last step, ``record(_:toVersion:_:)`` gives the body the generated record.
public struct StoreTransform: Sendable {
    /// The version the step leads to.
    public var toVersion: Int
    /// The table (new name) whose rows it transforms.
    public var table: String
    /// Old row (by old column name) and the new row as the rules built it (by new column name) →
    /// the new row. Throwing aborts the whole migration; nothing changes.
    public var body: @Sendable (_ old: [String: StoreValue], _ new: [String: StoreValue]) throws -> [String: StoreValue]
    /// Set by ``record(_:toVersion:_:)``: runs instead of `body`, on the row in column order.
    var record: RecordBody?

    /// A transform of `table`'s rows in the step to `toVersion`.
    public init(toVersion: Int, table: String,
                body: @escaping @Sendable (_ old: [String: StoreValue], _ new: [String: StoreValue]) throws -> [String: StoreValue]) {
        self.toVersion = toVersion
        self.table = table
        self.body = body
        self.record = nil
    }
}
