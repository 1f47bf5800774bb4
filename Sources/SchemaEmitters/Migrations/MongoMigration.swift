import SchemaLanguage

/// The MongoDB side of a migration, as a mongosh script: collections created, renamed
/// (`renameCollection`) and dropped; for a changed collection, validation is switched off while
/// documents are rewritten (`$rename` for renamed fields, `$unset` for dropped ones, `$set` of the
/// default where a field is missing, stored enum values renamed), then the new `$jsonSchema`
/// validator is applied with `collMod` and the indexes are brought to the new definition.
/// Partitioned collections (one per value) are reached by name pattern.
public struct MongoMigration: Sendable {
    /// The diff rendered.
    public let diff: SchemaDiff

    /// Creates the script of a diff.
    public init(diff: SchemaDiff) { self.diff = diff }

    /// The script's text.
    public func render() -> String {
        let setup = MongoSetupScript(schema: diff.new)
        var lines = MongoScriptHeader.lines(for: diff.new, describing: [
            "MongoDB migration of \(diff.old.name) → \(diff.new.name).",
            "Run: mongosh \"<connection string>\" migration.js",
        ] + diff.changes.filter { $0.scope != .cache }.map { "\($0.code.rawValue) [\($0.classes)] \($0.summary)" })
        lines.append(MongoScriptHeader.databaseDeclaration(for: diff.new))
        lines += MongoRetentionPeriods.declaration(for: diff.new)
        lines.append("")
        lines += MongoSetupScript.applyValidatorFunction
        lines.append("")
        lines += MongoSetupScript.ensureIndexFunction
        for entity in diff.old.collections where !survives(entity) {
            lines.append("")
            lines.append(JavaScriptSyntax.comment("Drop \(entity.physicalName) and its documents."))
            lines.append("database.getCollection(\(JavaScriptSyntax.stringLiteral(entity.physicalName))).drop();")
        }
        for entity in diff.new.collections {
            guard let oldName = diff.matching.oldEntity(for: entity.name), let before = diff.old.entity(named: oldName),
                  before.kind == .collection else {
                lines.append("")
                lines += setup.section(for: entity)
                continue
            }
            let changed = !diff.changes(ofEntity: entity.name).isEmpty || enumsChanged(entity)
            guard changed, MongoCollectionName(entity: entity).isPartitioned == false else {
                if changed {
                    lines.append("")
                    lines.append(JavaScriptSyntax.comment("\(entity.name) is partitioned: run its setup function per partition after migrating its documents."))
                    lines += setup.section(for: entity)
                }
                continue
            }
            lines.append("")
            lines += migrate(before, to: entity, setup: setup)
        }
        let roles = MongoReadRoles.migrationLines(from: diff.old, to: diff.new)
        if !roles.isEmpty {
            lines.append("")
            lines += roles
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func survives(_ entity: Entity) -> Bool {
        diff.matching.newEntity(for: entity.name).flatMap(diff.new.entity(named:))?.kind == .collection
    }

    private func enumsChanged(_ entity: Entity) -> Bool {
        diff.changes.contains { change in
            change.scope == .enumType && entity.fields.contains { field in
                if case .enumeration(let e) = field.type { return e.name == change.newName }
                return false
            }
        }
    }

    private func migrate(_ before: Entity, to after: Entity, setup: MongoSetupScript) -> [String] {
        let name = JavaScriptSyntax.stringLiteral(after.physicalName)
        var lines = [JavaScriptSyntax.comment("Migrate \(after.physicalName).")]
        if before.physicalName != after.physicalName {
            lines.append("database.getCollection(\(JavaScriptSyntax.stringLiteral(before.physicalName))).renameCollection(\(name));")
        }
        var rewrites: [String] = []
        let collection = "database.getCollection(\(name))"
        let fields = diff.matching.fields[after.name] ?? [:]
        var renames: [(key: String, value: JavaScriptValue)] = []
        for (oldName, newName) in fields.sorted(by: { $0.value < $1.value }) {
            guard let old = before.field(named: oldName), let new = after.field(named: newName),
                  old.physicalName != new.physicalName else { continue }
            renames.append((old.physicalName, .string(new.physicalName)))
        }
        if !renames.isEmpty { rewrites.append("\(collection).updateMany({}, { $rename: \(JavaScriptValue.object(renames).renderedInline()) });") }
        let dropped = before.fields.filter { fields[$0.name] == nil }
        if !dropped.isEmpty {
            let unset = JavaScriptValue.object(dropped.map { (key: $0.physicalName, value: .string("")) })
            rewrites.append("\(collection).updateMany({}, { $unset: \(unset.renderedInline()) });")
        }
        for field in after.fields {
            let oldName = fields.first { $0.value == field.name }?.key
            let old = oldName.flatMap(before.field(named:))
            let needsValue = old == nil || (old!.isOptional && !field.isOptional)
            if needsValue, let value = field.defaultValue.flatMap(Self.value) {
                let key = JavaScriptSyntax.propertyKey(field.physicalName)
                let missing = old == nil ? "{ \(key): { $exists: false } }" : "{ \(key): null }"
                rewrites.append("\(collection).updateMany(\(missing), { $set: { \(key): \(value.renderedInline()) } });")
            }
            if case .enumeration(let newEnum) = field.type, let old, case .enumeration(let oldEnum) = old.type {
                let cases = diff.matching.enumCases[newEnum.name] ?? [:]
                for oldCase in oldEnum.cases {
                    guard let newCase = cases[oldCase.name].flatMap({ n in newEnum.cases.first { $0.name == n } }),
                          newCase.rawValue != oldCase.rawValue else { continue }
                    let key = JavaScriptSyntax.propertyKey(field.physicalName)
                    rewrites.append("\(collection).updateMany({ \(key): \(JavaScriptSyntax.stringLiteral(oldCase.rawValue)) }, "
                                    + "{ $set: { \(key): \(JavaScriptSyntax.stringLiteral(newCase.rawValue)) } });")
                }
            }
        }
        if !rewrites.isEmpty {
            lines.append("database.runCommand({ collMod: \(name), validationLevel: \"off\" });")
            lines += rewrites
        }
        let kept = Set(MongoIndexPlan(entity: after).indexes.map(\.name))
        for index in MongoIndexPlan(entity: before).indexes where !kept.contains(index.name) {
            lines.append("\(collection).dropIndex(\(JavaScriptSyntax.stringLiteral(index.name)));")
        }
        lines += setup.section(for: after).dropFirst()
        return lines
    }

    /// A default as a document value; nil for defaults MongoDB cannot compute in a script.
    static func value(_ value: DefaultValue) -> JavaScriptValue? {
        switch value {
        case .integer(let v): .integer(v)
        case .number(_, let text): .number(text)
        case .string(let v): .string(v)
        case .bool(let v): .bool(v)
        case .null: .null
        case .now: .expression("new Date()")
        case .generatedUUID: .expression("UUID()")
        case .enumCase(let c): .string(c.rawValue)
        case .emptyArray: .array([])
        case .emptyObject: .object([])
        }
    }
}
