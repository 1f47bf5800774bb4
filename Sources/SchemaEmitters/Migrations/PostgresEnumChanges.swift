import SchemaLanguage

/// PostgreSQL enum types across a migration. Cases added in order and stored values renamed are
/// changed in place (`ALTER TYPE … ADD VALUE … AFTER`, `RENAME VALUE`), outside the transaction
/// as `ADD VALUE` requires before its value may be used. Removed or reordered cases need a new
/// type: create `<name>__new`, convert every column through text (a removed value still in use
/// fails the cast, so nothing changes), drop the old type and take its name.
struct PostgresEnumChanges {
    let diff: SchemaDiff
    private let d = SQLDialect.postgres

    private var oldEnums: [EnumType] { EnumDDL.columnEnums(of: diff.old, tables: diff.old.tables) }
    private var newEnums: [EnumType] { EnumDDL.columnEnums(of: diff.new, tables: diff.new.tables) }

    /// Column enums that exist before and after, with old raw value → new raw value renames.
    private var pairs: [(old: EnumType, new: EnumType, renamed: [String: String])] {
        let oldEnums = oldEnums
        return newEnums.compactMap { after in
            guard let oldName = diff.matching.enums.first(where: { $0.value == after.name })?.key,
                  let before = oldEnums.first(where: { $0.name == oldName }) else { return nil }
            let cases = diff.matching.enumCases[after.name] ?? [:]
            var renamed: [String: String] = [:]
            for oldCase in before.cases {
                if let newName = cases[oldCase.name], let newCase = after.cases.first(where: { $0.name == newName }),
                   newCase.rawValue != oldCase.rawValue {
                    renamed[oldCase.rawValue] = newCase.rawValue
                }
            }
            return (before, after, renamed)
        }
    }

    private func isInPlace(_ before: EnumType, _ after: EnumType, _ renamed: [String: String]) -> Bool {
        let kept = before.rawValues.map { renamed[$0] ?? $0 }
        return kept.allSatisfy(after.rawValues.contains) && after.rawValues.filter(kept.contains) == kept
    }

    /// Type renames, value renames and added values (run before the transaction).
    func inPlaceChanges() -> [String] {
        var statements: [String] = []
        for (before, after, renamed) in pairs {
            let type = d.quote(after.name)
            if before.name != after.name {
                statements.append("ALTER TYPE \(d.quote(before.name)) RENAME TO \(type);")
            }
            guard isInPlace(before, after, renamed) else { continue }
            for (oldValue, newValue) in renamed.sorted(by: { $0.key < $1.key }) {
                statements.append("ALTER TYPE \(type) RENAME VALUE \(d.string(oldValue)) TO \(d.string(newValue));")
            }
            let kept = Set(before.rawValues.map { renamed[$0] ?? $0 })
            for (position, value) in after.rawValues.enumerated() where !kept.contains(value) {
                let anchor = position == 0 ? "BEFORE \(d.string(after.rawValues[1]))" : "AFTER \(d.string(after.rawValues[position - 1]))"
                statements.append("ALTER TYPE \(type) ADD VALUE \(d.string(value)) \(after.rawValues.count > 1 ? anchor : "");"
                    .replacingOccurrences(of: " ;", with: ";"))
            }
        }
        return statements
    }

    /// `CREATE TYPE` for enums new columns use.
    func createdTypes() -> [String] {
        let paired = Set(pairs.map(\.new.name))
        return newEnums.filter { !paired.contains($0.name) }.map(EnumDDL.postgres)
    }

    /// Types rebuilt because cases were removed or reordered; every column of the type converts.
    func recreatedTypes() -> [String] {
        var statements: [String] = []
        for (before, after, renamed) in pairs where !isInPlace(before, after, renamed) {
            let type = d.quote(after.name)
            let replacement = d.quote(after.name + "__new")
            let values = after.rawValues.map(d.string).joined(separator: ", ")
            statements.append("CREATE TYPE \(replacement) AS ENUM (\(values));")
            for table in diff.new.tables where diff.matching.oldEntity(for: table.name) != nil {
                for field in table.fields {
                    guard case .enumeration(let enumType) = field.type, enumType.name == after.name,
                          SQLColumnType.varcharLength(of: field, enumType) == nil,
                          diff.matching.oldField(field.name, ofNewEntity: table.name) != nil else { continue }
                    let column = "ALTER TABLE \(d.quote(table.physicalName)) ALTER COLUMN \(d.quote(field.physicalName))"
                    let source = d.quote(field.physicalName) + "::text"
                    let mapping = renamed.sorted { $0.key < $1.key }.map { "WHEN \(d.string($0.key)) THEN \(d.string($0.value))" }
                    let converted = mapping.isEmpty ? source : "CASE \(source) \(mapping.joined(separator: " ")) ELSE \(source) END"
                    statements.append("\(column) DROP DEFAULT;")
                    statements.append("\(column) TYPE \(replacement) USING (\(converted))::\(replacement);")
                }
            }
            statements.append("DROP TYPE \(type);")
            statements.append("ALTER TYPE \(replacement) RENAME TO \(type);")
            for table in diff.new.tables where diff.matching.oldEntity(for: table.name) != nil {
                for field in table.fields {
                    guard case .enumeration(let enumType) = field.type, enumType.name == after.name,
                          SQLColumnType.varcharLength(of: field, enumType) == nil,
                          diff.matching.oldField(field.name, ofNewEntity: table.name) != nil,
                          let value = ColumnDefault.expression(for: field, in: d) else { continue }
                    statements.append("ALTER TABLE \(d.quote(table.physicalName)) ALTER COLUMN \(d.quote(field.physicalName)) SET DEFAULT \(value);")
                }
            }
        }
        return statements
    }

    /// `DROP TYPE` for enums no column uses any more.
    func droppedTypes() -> [String] {
        let kept = Set(pairs.map(\.old.name))
        return oldEnums.filter { !kept.contains($0.name) }.map { "DROP TYPE \(d.quote($0.name));" }
    }
}
