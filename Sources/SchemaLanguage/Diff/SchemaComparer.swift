/// Lists the changes between two schemas whose objects are already matched. Pure: the same
/// inputs give the same changes in the same order.
struct SchemaComparer {
    let old: Schema
    let new: Schema
    let matching: SchemaMatching

    func changes() -> [SchemaChange] {
        var changes: [SchemaChange] = []
        if old.targets != new.targets {
            changes.append(SchemaChange(.targetsChanged, scope: .schema, oldName: old.name, newName: new.name,
                                        summary: "targets: \(old.targets.map(\.rawValue).joined(separator: ", ")) → "
                                            + new.targets.map(\.rawValue).joined(separator: ", ")))
        }
        changes += enumChanges()
        changes += nestedTypeChanges()
        for entity in new.entities {
            if let oldName = matching.oldEntity(for: entity.name), let before = old.entity(named: oldName) {
                changes += EntityComparer(before: before, after: entity, comparer: self).changes()
            } else {
                changes.append(SchemaChange(.entityAdded, scope: .entity, oldName: nil, newName: entity.name,
                                            summary: "\(entity.kind.rawValue) \(entity.name) added"))
            }
        }
        for entity in old.entities where matching.newEntity(for: entity.name) == nil {
            changes.append(SchemaChange(.entityDropped, scope: .entity, oldName: entity.name, newName: nil,
                                        summary: "\(entity.kind.rawValue) \(entity.name) dropped with its data"))
        }
        changes += cacheChanges()
        return changes
    }

    // MARK: Enums

    private func enumChanges() -> [SchemaChange] {
        var changes: [SchemaChange] = []
        for enumType in new.enums where !enumType.isInline && !matching.enums.values.contains(enumType.name) {
            changes.append(SchemaChange(.enumAdded, scope: .enumType, oldName: nil, newName: enumType.name,
                                        summary: "enum \(enumType.name) added"))
        }
        for after in new.enums {
            guard let oldName = matching.enums.first(where: { $0.value == after.name })?.key,
                  let before = old.enums.first(where: { $0.name == oldName }) else { continue }
            let cases = matching.enumCases[after.name] ?? Dictionary(uniqueKeysWithValues: before.cases.compactMap { c in
                after.cases.contains { $0.name == c.name } ? (c.name, c.name) : nil
            })
            changes += enumCaseChanges(before, after, cases: cases)
        }
        for enumType in old.enums where !enumType.isInline && matching.enums[enumType.name] == nil {
            changes.append(SchemaChange(.enumDropped, scope: .enumType, oldName: enumType.name, newName: nil,
                                        summary: "enum \(enumType.name) dropped"))
        }
        return changes
    }

    private func enumCaseChanges(_ before: EnumType, _ after: EnumType, cases: [String: String]) -> [SchemaChange] {
        var changes: [SchemaChange] = []
        func change(_ code: ChangeCode, _ oldCase: String?, _ newCase: String?, _ text: String) {
            changes.append(SchemaChange(code, scope: .enumType, oldName: before.name, newName: after.name,
                                        oldMember: oldCase, newMember: newCase, summary: "\(after.name): \(text)"))
        }
        for oldCase in before.cases {
            guard let newName = cases[oldCase.name], let newCase = after.cases.first(where: { $0.name == newName }) else {
                change(.enumCaseRemoved, oldCase.name, nil, "case \(oldCase.name) (\"\(oldCase.rawValue)\") removed")
                continue
            }
            if newCase.rawValue != oldCase.rawValue {
                change(.enumCaseRenamed, oldCase.name, newCase.name,
                       "case \(oldCase.name) (\"\(oldCase.rawValue)\") renamed to \(newCase.name) (\"\(newCase.rawValue)\")")
            } else if newCase.name != oldCase.name {
                change(.enumCaseRenamed, oldCase.name, newCase.name, "case \(oldCase.name) renamed to \(newCase.name) (stored value unchanged)")
                changes[changes.count - 1].classes = [.incompatible]
            }
        }
        for newCase in after.cases where !cases.values.contains(newCase.name) {
            change(.enumCaseAdded, nil, newCase.name, "case \(newCase.name) (\"\(newCase.rawValue)\") added")
        }
        let kept = before.cases.compactMap { cases[$0.name] }
        if kept != after.cases.map(\.name).filter(kept.contains) {
            change(.enumCasesReordered, nil, nil, "cases reordered: \(after.cases.map(\.name).joined(separator: ", "))")
        }
        return changes
    }

    // MARK: Nested types

    private func nestedTypeChanges() -> [SchemaChange] {
        var changes: [SchemaChange] = []
        for after in new.types {
            guard let before = old.type(named: after.name) else {
                changes.append(SchemaChange(.nestedTypeAdded, scope: .nestedType, oldName: nil, newName: after.name,
                                            summary: "type \(after.name) added"))
                continue
            }
            let fields = matching.typeFields[after.name] ?? [:]
            for field in before.fields where fields[field.name] == nil {
                changes.append(SchemaChange(.nestedFieldDropped, scope: .nestedType, oldName: before.name, newName: after.name,
                                            oldMember: field.name, summary: "\(after.name).\(field.name) dropped"))
            }
            for field in after.fields {
                guard let oldName = fields.first(where: { $0.value == field.name })?.key,
                      let oldField = before.fields.first(where: { $0.name == oldName }) else {
                    let required = field.isRequiredOnInsert
                    changes.append(SchemaChange(required ? .nestedRequiredFieldAdded : .nestedFieldAdded, scope: .nestedType,
                                                oldName: before.name, newName: after.name, newMember: field.name,
                                                summary: "\(after.name).\(field.name) \(field.type.spelling)\(field.isOptional ? "?" : "") added"))
                    continue
                }
                if oldName != field.name || oldField.physicalName != field.physicalName {
                    changes.append(SchemaChange(.nestedFieldRenamed, scope: .nestedType, oldName: before.name, newName: after.name,
                                                oldMember: oldName, newMember: field.name,
                                                summary: "\(after.name).\(oldName) renamed to \(field.name)"))
                }
                let difference = FieldDifference(before: oldField, after: field, comparer: self)
                let checksChanged = FieldDifference.declaredChecks(oldField) != FieldDifference.declaredChecks(field)
                if difference.typeChanged || difference.nullabilityChanged || checksChanged
                    || oldField.defaultValue != field.defaultValue || oldField.keepNewest != field.keepNewest {
                    var classes: ChangeClasses = []
                    if difference.typeChanged && !difference.widened { classes.formUnion([.dataDependent, .incompatible]) }
                    if difference.nullabilityChanged && !field.isOptional { classes.insert(.dataDependent) }
                    if checksChanged && !FieldDifference.declaredChecks(field).isEmpty { classes.insert(.dataDependent) }
                    changes.append(SchemaChange(.nestedFieldChanged, classes: classes, scope: .nestedType,
                                                oldName: before.name, newName: after.name, oldMember: oldName,
                                                newMember: field.name, summary: "\(after.name).\(field.name): "
                                                    + difference.description))
                }
            }
        }
        for type in old.types where new.type(named: type.name) == nil {
            changes.append(SchemaChange(.nestedTypeDropped, scope: .nestedType, oldName: type.name, newName: nil,
                                        summary: "type \(type.name) dropped"))
        }
        return changes
    }

    // MARK: Caches

    private func cacheChanges() -> [SchemaChange] {
        var changes: [SchemaChange] = []
        for cache in new.caches {
            guard let before = old.caches.first(where: { $0.name == cache.name }) else {
                changes.append(SchemaChange(.cacheAdded, scope: .cache, oldName: nil, newName: cache.name,
                                            summary: "cache \(cache.name) added"))
                continue
            }
            if before.keyTemplate != cache.keyTemplate || before.ttl != cache.ttl
                || typeKey(before.valueType) != typeKey(cache.valueType)
                || before.parameters.map({ typeKey($0.type) }) != cache.parameters.map({ typeKey($0.type) }) {
                changes.append(SchemaChange(.cacheChanged, scope: .cache, oldName: cache.name, newName: cache.name,
                                            summary: "cache \(cache.name): entries under the old layout are discarded"))
            }
        }
        for cache in old.caches where !new.caches.contains(where: { $0.name == cache.name }) {
            changes.append(SchemaChange(.cacheDropped, scope: .cache, oldName: cache.name, newName: nil,
                                        summary: "cache \(cache.name) dropped"))
        }
        return changes
    }

    // MARK: Types

    /// A type's identity across versions: enums by their matched name (case changes are reported
    /// on the enum), everything else by its spelling.
    func typeKey(_ type: FieldType, oldSide: Bool = false) -> String {
        switch type {
        case .enumeration(let enumType):
            let name = oldSide ? (matching.enums[enumType.name] ?? "old:" + enumType.name) : enumType.name
            return "enum " + name
        case .array(let element):
            return "[" + typeKey(element, oldSide: oldSide) + "]"
        default:
            return type.spelling
        }
    }
}
