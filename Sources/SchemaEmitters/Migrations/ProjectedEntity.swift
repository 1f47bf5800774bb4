import SchemaLanguage

extension SchemaDiff {
    /// The old version of an entity under the new names: its old definitions (types, checks,
    /// keys) with every rename of the diff applied. Comparing it with the new entity shows what
    /// really changed, so a rename alone never looks like a drop and an add.
    func projectedOld(_ before: Entity, as after: Entity) -> Entity {
        let fields = matching.fields[after.name] ?? [:]
        let rename: (String) -> String = { fields[$0] ?? $0 }
        var entity = before
        entity.name = after.name
        entity.physicalName = after.physicalName
        entity.fields = before.fields.map { field in
            guard let newName = fields[field.name], let target = after.field(named: newName) else { return field }
            var projected = field
            projected.name = newName
            projected.physicalName = target.physicalName
            projected.type = projectedType(field.type)
            if var reference = field.reference, let parent = matching.newEntity(for: reference.entity) {
                reference.field = matching.newField(reference.field, ofNewEntity: parent) ?? reference.field
                reference.entity = parent
                projected.reference = reference
            }
            return projected
        }
        entity.primaryKey = before.primaryKey.map(rename)
        entity.indexes = before.indexes.map { index in
            var projected = index
            projected.columns = index.columns.map { IndexColumn(field: rename($0.field), descending: $0.descending) }
            return projected
        }
        entity.retention = before.retention.map { rule in
            var projected = rule
            projected.kind = rule.kind.renaming(fields: rename, entities: { $0 })
            return projected
        }
        entity.access.owner = before.access.owner.map(rename)
        return entity
    }

    /// An old type with enum names moved to the new schema (cases stay the old ones).
    private func projectedType(_ type: FieldType) -> FieldType {
        switch type {
        case .enumeration(var enumType):
            enumType.name = matching.enums[enumType.name] ?? enumType.name
            return .enumeration(enumType)
        case .array(let element):
            return .array(projectedType(element))
        default:
            return type
        }
    }

    /// Matched tables: each old table with the new table it became, in the new schema's order.
    public var tablePairs: [(old: Entity, new: Entity)] {
        new.tables.compactMap { table in
            guard let oldName = matching.oldEntity(for: table.name), let before = old.entity(named: oldName),
                  before.kind == .table else { return nil }
            return (before, table)
        }
    }

    /// New tables with no old table before them.
    var addedTables: [Entity] {
        new.tables.filter { table in
            matching.oldEntity(for: table.name).flatMap(old.entity(named:))?.kind != .table
        }
    }

    /// Old tables with no new table after them.
    var droppedTables: [Entity] {
        old.tables.filter { table in
            matching.newEntity(for: table.name).flatMap(new.entity(named:))?.kind != .table
        }
    }
}
