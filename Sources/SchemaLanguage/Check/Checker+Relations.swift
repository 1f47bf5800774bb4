// Relations: foreign keys across entities and the indexes they need.
extension Checker {
    mutating func checkReferences() {
        for pending in pendingReferences {
            guard let entity = resolved[pending.entity], let field = entity.field(named: pending.field) else { continue }
            guard let target = resolved[pending.entityName.text] else {
                if entitySyntax[pending.entityName.text] == nil {
                    bag.error("foreign key to unknown entity '\(pending.entityName.text)'",
                              hint: "declare it" + Self.suggestion(for: pending.entityName.text,
                                                                   among: Array(entitySyntax.keys).sorted()),
                              at: pending.entityName.range)
                }
                continue
            }
            guard let targetField = requireField(pending.fieldName, in: target, role: "referenced field") else { continue }
            if target.kind != entity.kind {
                bag.error("a \(entity.kind.rawValue) cannot reference a \(target.kind.rawValue)",
                          hint: "references stay among tables or among collections", at: pending.entityName.range)
                continue
            }
            let isKey = target.primaryKey == [targetField.name]
                || target.indexes.contains { $0.isUnique && $0.condition == nil && $0.fieldNames == [targetField.name] }
            if !isKey {
                bag.error("'\(target.name).\(targetField.name)' is neither the primary key nor unique, so it cannot be referenced",
                          hint: "reference \(target.name)'s primary key or mark '\(targetField.name)' unique",
                          at: pending.fieldName.range)
            }
            if Self.storageType(field.type) != Self.storageType(targetField.type) {
                bag.error("foreign key '\(field.name)' is \(field.type.spelling) but '\(target.name).\(targetField.name)' is \(targetField.type.spelling)",
                          hint: "give both fields the same type", at: pending.fieldName.range)
            }
            if target.isAppendOnly == false, entity.isAppendOnly, let action = field.reference?.onDelete,
               action == .cascade || action == .setNull {
                let change = action == .cascade ? "cascades deletes" : "sets '\(field.name)' to null on deletes"
                bag.warning("append-only '\(entity.name)' \(change) from '\(target.name)', which its rows refuse",
                            hint: "use 'on delete restrict', or drop 'append only'", at: pending.entityName.range)
            }
            warnForeignKeyActionAcrossWriters(entity: entity, field: field, target: target, at: pending.entityName.range)
        }
    }

    /// Types that store identically (string lengths aside) may reference each other.
    static func storageType(_ type: FieldType) -> FieldType {
        if case .string = type { return .string(maxLength: nil) }
        return type
    }

    mutating func warnUnindexedReferences() {
        for entity in schema.entities {
            for (field, reference) in entity.foreignKeys {
                let covered = entity.primaryKey.first == field.name
                    || entity.indexes.contains { $0.columns.first?.field == field.name && $0.condition == nil }
                if !covered {
                    bag.warning("foreign key '\(entity.name).\(field.name)' -> \(reference.entity) has no index starting with it",
                                hint: "add 'index (\(field.name))' so deletes in \(reference.entity) and joins stay fast",
                                at: field.range)
                }
            }
        }
    }
}
