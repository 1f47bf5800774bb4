/// The differences between two checked schemas, in an order every target can apply them:
/// schema-level and enum changes, then per entity (renames first, then members), then rules.
public struct SchemaDiff: Sendable {
    /// The schema migrated from.
    public let old: Schema
    /// The schema migrated to.
    public let new: Schema
    /// Which object became which.
    public let matching: SchemaMatching
    /// Every change, in order.
    public let changes: [SchemaChange]

    /// Creates a diff (the differ does this; tests may build one by hand).
    public init(old: Schema, new: Schema, matching: SchemaMatching, changes: [SchemaChange]) {
        self.old = old
        self.new = new
        self.matching = matching
        self.changes = changes
    }

    /// Compares two schemas. Renames come from the new schema's `was` hints; a `was` naming
    /// nothing, or a drop and an add of the same shape with no hint, are errors (positioned in the
    /// new schema), so a missing hint never becomes a silent drop.
    public static func compare(_ old: Schema, _ new: Schema) -> (diff: SchemaDiff?, diagnostics: [Diagnostic]) {
        var matcher = SchemaMatcher(old: old, new: new)
        let matching = matcher.match()
        guard !matcher.diagnostics.contains(where: { $0.severity == .error }) else { return (nil, matcher.diagnostics) }
        let changes = SchemaComparer(old: old, new: new, matching: matching).changes()
        return (SchemaDiff(old: old, new: new, matching: matching, changes: changes), matcher.diagnostics)
    }

    /// The diff the other way (new → old), with the same matching inverted: the down migration.
    public var reversed: SchemaDiff {
        let inverted = matching.inverted
        return SchemaDiff(old: new, new: old, matching: inverted,
                          changes: SchemaComparer(old: new, new: old, matching: inverted).changes())
    }

    /// Whether the schemas are the same in everything a target stores.
    public var isEmpty: Bool { changes.isEmpty }
    /// The changes a migration must record: all but documentation-only ones (documented queries,
    /// SG106), which store nothing. Empty means `migrate new` writes nothing and `migrate check` is
    /// satisfied.
    public var changesNeedingMigration: [SchemaChange] { changes.filter(\.code.needsMigration) }
    /// The changes that need an explicit acknowledgement to run.
    public var needingAcknowledgement: [SchemaChange] { changes.filter(\.needsAcknowledgement) }
    /// Every class any change has.
    public var classes: ChangeClasses { changes.reduce(into: []) { $0.formUnion($1.classes) } }

    /// The changes of one entity (by its new name, or its old name when dropped).
    public func changes(ofEntity name: String) -> [SchemaChange] {
        changes.filter { $0.scope == .entity && $0.name == name }
    }
}

extension Schema {
    /// A schema with nothing in it yet, named like another: the old side of a first migration.
    public static func empty(like schema: Schema) -> Schema {
        Schema(name: schema.name, source: schema.source, targets: schema.targets, databaseName: schema.databaseName)
    }
}
