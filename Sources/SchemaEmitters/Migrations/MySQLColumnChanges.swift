import SchemaLanguage

/// Column changes of one table on MySQL/MariaDB: `DROP COLUMN`, `ADD COLUMN`, and `MODIFY COLUMN`
/// with the whole new definition. InnoDB adds and drops columns in place where it can and
/// copies the table for type changes; each statement commits by itself.
struct MySQLColumnChanges {
    let pair: TablePair
    private let d = SQLDialect.mysql

    func statements() -> [String] {
        let table = pair.table
        let parts = pair.newParts
        var statements = pair.droppedFields.map { "ALTER TABLE \(table) DROP COLUMN \(d.quote($0.physicalName));" }
        statements += pair.addedFields.map { "ALTER TABLE \(table) ADD COLUMN \(parts.column($0));" }
        var modifications: [String] = []
        for (before, after) in pair.fieldPairs where parts.columnShape(before) != parts.columnShape(after) {
            let renamed = pair.renamedRawValues(of: after)
            if !renamed.isEmpty, case .enumeration(let oldEnum) = before.type, case .enumeration(let newEnum) = after.type {
                // Widen the ENUM to both spellings, move the values, then narrow it.
                var widened = after
                widened.isOptional = true
                widened.defaultValue = nil
                widened.type = .enumeration(EnumType(
                    name: newEnum.name, cases: oldEnum.cases + newEnum.cases.filter { c in !oldEnum.rawValues.contains(c.rawValue) },
                    isInline: newEnum.isInline, range: newEnum.range))
                statements.append("ALTER TABLE \(table) MODIFY COLUMN \(parts.column(widened));")
                let column = d.quote(after.physicalName)
                let mapping = renamed.sorted { $0.key < $1.key }.map { "WHEN \(d.string($0.key)) THEN \(d.string($0.value))" }
                statements.append("UPDATE \(table) SET \(column) = CASE \(column) \(mapping.joined(separator: " ")) ELSE \(column) END;")
            }
            if before.isOptional && !after.isOptional, let value = ColumnDefault.expression(for: after, in: d) {
                statements.append("UPDATE \(table) SET \(d.quote(after.physicalName)) = \(value) WHERE \(d.quote(after.physicalName)) IS NULL;")
            }
            modifications.append("MODIFY COLUMN \(parts.column(after))")
        }
        if pair.projected.primaryKey != pair.new.primaryKey {
            // One statement: an AUTO_INCREMENT column must be a key before and after it.
            if !pair.old.primaryKey.isEmpty { modifications.append("DROP PRIMARY KEY") }
            if !pair.new.primaryKey.isEmpty {
                let columns = pair.new.primaryKeyFields.map { d.quote($0.physicalName) }.joined(separator: ", ")
                modifications.append("ADD PRIMARY KEY (\(columns))")
            }
            // A foreign key the old key's index served needs an index of its own, the one InnoDB
            // creates (named after the constraint) when the table is created fresh.
            for (field, _) in pair.new.foreignKeys {
                let served = ([pair.new.primaryKey] + pair.new.indexes.map(\.fieldNames)).contains { $0.first == field.name }
                guard !served else { continue }
                let name = SQLName.make("fk", pair.new.physicalName, field.physicalName)
                modifications.append("ADD INDEX IF NOT EXISTS \(d.quote(name)) (\(d.quote(field.physicalName)))")
            }
        }
        if !modifications.isEmpty {
            statements.append("ALTER TABLE \(table) " + modifications.joined(separator: ",\n  ") + ";")
        }
        if pair.old.doc != pair.new.doc {
            statements.append("ALTER TABLE \(table) COMMENT = \(d.string(DocText.truncated(DocText.joined(pair.new.doc) ?? "", to: 2048)));")
        }
        return statements
    }
}
