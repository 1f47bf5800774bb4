import SchemaLanguage

/// Plans one version step of the embedded store from the one diff (`SchemaDiff`): which old
/// table and column each new one continues (renames only where `was` said so), what fills new
/// columns, which values need a transform, and what the store does on open for every change.
public struct StoreStepPlanner: Sendable {
    /// The diff of the step.
    public let diff: SchemaDiff
    /// The version the step leads to, when known (named in "needs a transform" effects).
    public let version: Int?

    let oldCatalog: StoreCatalog
    let newCatalog: StoreCatalog
    var matching: SchemaMatching { diff.matching }

    /// A planner of `diff`, the step to `version`.
    public init(diff: SchemaDiff, version: Int? = nil) {
        self.diff = diff
        self.version = version
        oldCatalog = StoreCatalogBuilder(diff.old).catalog()
        newCatalog = StoreCatalogBuilder(diff.new).catalog()
    }

    /// The step.
    public func plan() -> StoreStepPlan {
        var tableSources: [String: String?] = [:]
        var columnSources: [String: [String: StoreColumnSource]] = [:]
        for entity in diff.new.entities {
            let before = matching.oldEntity(for: entity.name).flatMap(diff.old.entity(named:))
            tableSources[entity.physicalName] = .some(before?.physicalName)
            if let before { columnSources[entity.physicalName] = columns(of: entity, from: before) }
            let oldSides = before.map { StoreCatalogBuilder(diff.old).multikeyIndexes(of: $0) } ?? []
            for side in StoreCatalogBuilder(diff.new).multikeyIndexes(of: entity) {
                let oldIndex = matching.indexes[entity.name]?.first { $0.value == side.index.name }?.key
                let source = oldSides.first { $0.index.name == oldIndex }
                tableSources[side.table] = .some(source?.table)
                guard let source, let table = newCatalog.table(named: side.table),
                      let oldTable = oldCatalog.table(named: source.table) else { continue }
                // Side tables are (element, primary key…): columns continue by position; a key
                // that gained a column has nothing to continue it (the index is rebuilt).
                columnSources[side.table] = Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { position, column in
                    (column.name, oldTable.columns.indices.contains(position)
                        ? .column(oldTable.columns[position].name, whenNull: nil) : .transform)
                })
            }
        }
        let plan = StoreStepPlan(tableSources: tableSources, columnSources: columnSources,
                                 documentSources: documentSources(), enumCaseRenames: enumCaseRenames(), changes: [])
        var result = plan
        let effects = StoreEffects(planner: self, plan: plan)
        result.changes = diff.changes.map(effects.planned)
        return result
    }

    // MARK: Columns

    private func columns(of entity: Entity, from before: Entity) -> [String: StoreColumnSource] {
        var sources: [String: StoreColumnSource] = [:]
        for field in entity.fields {
            let oldField = matching.oldField(field.name, ofNewEntity: entity.name).flatMap(before.field(named:))
            sources[field.physicalName] = Self.source(for: field, from: oldField, oldName: oldField?.physicalName)
        }
        return sources
    }

    /// Where a field's value comes from: its old field (converted by rule, or by a transform
    /// when no rule converts the type), else its default, null, or a transform.
    static func source(for field: Field, from oldField: Field?, oldName: String?) -> StoreColumnSource {
        guard let oldField, let oldName else {
            if let value = field.defaultValue, let literal = StoreConversion.literal(value, for: field.type) {
                return .fill(literal)
            }
            // A default that differs per row (`now`, a generated UUID) cannot be one fill value:
            // an optional field starts null in existing rows, a required one needs a transform.
            return field.isOptional ? .fill(.null) : .transform
        }
        guard StoreConversion.isAutomatic(from: oldField.type, to: field.type) else { return .transform }
        let whenNull = oldField.isOptional && !field.isOptional
            ? field.defaultValue.flatMap { StoreConversion.literal($0, for: field.type) } : nil
        return .column(oldName, whenNull: whenNull)
    }

    // MARK: Nested types and enums

    /// Sources of the nested types kept by name whose encoded shape changed.
    private func documentSources() -> [String: StoreDocumentSource] {
        let oldBuilder = StoreCatalogBuilder(diff.old)
        let newBuilder = StoreCatalogBuilder(diff.new)
        var result: [String: StoreDocumentSource] = [:]
        for type in diff.new.types {
            guard let before = diff.old.type(named: type.name),
                  oldBuilder.documentFields(before.name) != newBuilder.documentFields(type.name) else { continue }
            let fieldMap = matching.typeFields[type.name] ?? [:]
            var fields: [String: StoreColumnSource] = [:]
            for field in type.fields {
                let oldName = fieldMap.first { $0.value == field.name }?.key
                let oldField = oldName.flatMap { name in before.fields.first { $0.name == name } }
                fields[field.name] = Self.source(for: field, from: oldField, oldName: oldField?.name)
            }
            result[type.name] = StoreDocumentSource(oldName: before.name, fields: fields)
        }
        return result
    }

    /// Cases whose stored value changed, per enum (new name).
    private func enumCaseRenames() -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for (oldName, newName) in matching.enums {
            guard let before = diff.old.enums.first(where: { $0.name == oldName }),
                  let after = diff.new.enums.first(where: { $0.name == newName }) else { continue }
            var renames: [String: String] = [:]
            for (oldCase, newCase) in matching.enumCases[newName] ?? [:] {
                guard let a = before.cases.first(where: { $0.name == oldCase }),
                      let b = after.cases.first(where: { $0.name == newCase }), a.rawValue != b.rawValue else { continue }
                renames[a.rawValue] = b.rawValue
            }
            if !renames.isEmpty { result[newName] = renames }
        }
        return result
    }
}
