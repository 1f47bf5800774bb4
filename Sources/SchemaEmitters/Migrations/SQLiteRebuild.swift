import SchemaLanguage

/// SQLite's procedure for changes `ALTER TABLE` cannot make (from its documentation, "Making
/// Other Kinds Of Table Schema Changes"): with foreign keys off (the script turns them off
/// outside the transaction), create the new table as `new_X`, copy the rows, drop `X`, rename
/// `new_X` to `X`, recreate indexes and triggers. The old table is never renamed first, so
/// references from other tables keep pointing at `X`; rows of child tables survive because
/// foreign key actions do not fire while keys are off, and the script checks every key before
/// it commits.
struct SQLiteRebuild {
    let pair: TablePair
    private let d = SQLDialect.sqlite

    func statements() -> [String] {
        let parts = pair.newParts
        let temporary = "new_" + pair.new.physicalName
        var targets: [String] = []
        var sources: [String] = []
        for (before, after) in pair.fieldPairs {
            targets.append(d.quote(after.physicalName))
            var source = d.quote(after.physicalName)
            let renamed = pair.renamedRawValues(of: after)
            if !renamed.isEmpty {
                let mapping = renamed.sorted { $0.key < $1.key }.map { "WHEN \(d.string($0.key)) THEN \(d.string($0.value))" }
                source = "CASE \(source) \(mapping.joined(separator: " ")) ELSE \(source) END"
            }
            if before.isOptional && !after.isOptional, let value = ColumnDefault.expression(for: after, in: d) {
                source = "COALESCE(\(source), \(value))"
            }
            sources.append(source)
        }
        var statements = ["-- Rebuild \(pair.new.physicalName): SQLite cannot alter these columns in place.",
                          parts.createTable(named: temporary)]
        if !targets.isEmpty {
            statements.append("INSERT INTO \(d.quote(temporary)) (\(targets.joined(separator: ", ")))\n"
                + "  SELECT \(sources.joined(separator: ", ")) FROM \(pair.table);")
        }
        statements.append("DROP TABLE \(pair.table);")
        statements.append("ALTER TABLE \(d.quote(temporary)) RENAME TO \(pair.table);")
        statements += parts.indexes.map(\.statement) + parts.retentionIndexes.map(\.statement)
        statements += parts.surroundings
        return statements
    }
}
