import SchemaLanguage

/// The fields table of an entity or nested type: name, physical name (when any differs), type,
/// required or optional, default, constraints and description.
struct FieldsTable {
    /// Cross-links.
    let links: DocsLinks

    /// The table of an entity's fields, with keys, uniqueness and partition keys.
    func lines(for entity: Entity) -> [String] {
        let uniqueFields = Set(entity.indexes.filter { $0.isUnique && $0.columns.count == 1 && $0.condition == nil }
            .map { $0.columns[0].field })
        return table(entity.fields) { field in
            var constraints: [String] = []
            if entity.primaryKey.contains(field.name) {
                constraints.append(entity.primaryKey.count == 1 ? "primary key" : "part of primary key")
            }
            if uniqueFields.contains(field.name) { constraints.append("unique") }
            if entity.partitionKeys.contains(field.name) { constraints.append("partition key") }
            if entity.access.owner == field.name { constraints.append("owner (tenant key)") }
            return constraints
        }
    }

    /// The table of a nested type's or cache's fields.
    func lines(for fields: [Field]) -> [String] {
        table(fields) { _ in [] }
    }

    private func table(_ fields: [Field], keyConstraints: (Field) -> [String]) -> [String] {
        let showsPhysicalName = fields.contains { $0.physicalName != $0.name }
        var header = ["Field"]
        if showsPhysicalName { header.append("Stored as") }
        header += ["Type", "Required", "Default", "Constraints", "Description"]
        let rows = fields.map { field -> [String] in
            var row = [Markdown.code(field.name)]
            if showsPhysicalName { row.append(field.physicalName == field.name ? "" : Markdown.code(field.physicalName)) }
            row.append(links.type(field.type))
            row.append(field.isOptional ? "optional" : "required")
            row.append(field.defaultValue.map { Markdown.code(SchemaSpelling.defaultValue($0)) } ?? "")
            row.append((keyConstraints(field) + constraints(of: field)).joined(separator: "; "))
            row.append(Markdown.text(field.doc.joined(separator: " ")))
            return row
        }
        return Markdown.table(header, rows)
    }

    /// Generation, foreign key, checks, caps and renames of a field.
    private func constraints(of field: Field) -> [String] {
        var constraints: [String] = []
        if field.isAuto { constraints.append(field.type.isInteger ? "auto-increment" : "generated on insert") }
        if field.updatesOnWrite { constraints.append("set to now on every write") }
        if let reference = field.reference {
            var text = "foreign key → " + Markdown.link(Markdown.code("\(reference.entity).\(reference.field)"),
                                                         anchor: DocsLinks.entityAnchor(reference.entity))
            text += ", on delete \(reference.onDelete.rawValue)"
            constraints.append(text)
        }
        let checks = field.checks
        if let minimum = checks.minimumText ?? checks.minimum.map({ String($0) }) { constraints.append("min \(minimum)") }
        if let maximum = checks.maximumText ?? checks.maximum.map({ String($0) }) { constraints.append("max \(maximum)") }
        let lengthIsType = checks.minLength == nil && checks.maxLength != nil && field.type == .string(maxLength: checks.maxLength)
        if (checks.minLength != nil || checks.maxLength != nil) && !lengthIsType {
            constraints.append("length \(checks.minLength.map(String.init) ?? "")..\(checks.maxLength.map(String.init) ?? "")")
        }
        if let pattern = checks.pattern { constraints.append("pattern " + Markdown.code(pattern)) }
        if let cap = field.keepNewest { constraints.append("keeps the newest \(cap)") }
        if !field.previousNames.isEmpty {
            constraints.append("was " + field.previousNames.map(Markdown.code).joined(separator: ", "))
        }
        return constraints
    }
}
