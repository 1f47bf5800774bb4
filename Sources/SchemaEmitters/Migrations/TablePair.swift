import SchemaLanguage

/// One table that exists before and after a migration, in one dialect: what to drop, rename,
/// alter and add so its old version becomes its new one.
struct TablePair {
    let diff: SchemaDiff
    let old: Entity
    let new: Entity
    let dialect: SQLDialect
    /// The old table under its new names (what the database holds once the renames ran).
    let projected: Entity
    let oldParts: TableParts
    let newParts: TableParts
    let projectedParts: TableParts
    /// Whether SQLite must rebuild the table: anything beyond renames and columns `ADD COLUMN` can add.
    private(set) var needsSQLiteRebuild = false

    init(diff: SchemaDiff, old: Entity, new: Entity, dialect: SQLDialect) {
        self.diff = diff
        self.old = old
        self.new = new
        self.dialect = dialect
        projected = diff.projectedOld(old, as: new)
        oldParts = TableParts(entity: old, schema: diff.old, dialect: dialect)
        newParts = TableParts(entity: new, schema: diff.new, dialect: dialect)
        projectedParts = TableParts(entity: projected, schema: diff.new, dialect: dialect)
        needsSQLiteRebuild = dialect == .sqlite && sqliteCannotAlterInPlace()
    }

    var table: String { dialect.quote(new.physicalName) }
    private var fieldMap: [String: String] { diff.matching.fields[new.name] ?? [:] }

    /// Matched fields: (old under new names, new).
    var fieldPairs: [(old: Field, new: Field)] {
        new.fields.compactMap { field in
            // The projection holds the old field under the new name only when the field was matched.
            guard diff.matching.oldField(field.name, ofNewEntity: new.name) != nil,
                  let projectedField = projected.field(named: field.name) else { return nil }
            return (projectedField, field)
        }
    }
    /// Fields the old table did not have.
    var addedFields: [Field] { new.fields.filter { diff.matching.oldField($0.name, ofNewEntity: new.name) == nil } }
    /// Old fields the new table does not keep.
    var droppedFields: [Field] { old.fields.filter { fieldMap[$0.name] == nil } }

    private func sqliteCannotAlterInPlace() -> Bool {
        if !droppedFields.isEmpty || projected.primaryKey != new.primaryKey { return true }
        if fieldPairs.contains(where: { projectedParts.columnShape($0.old) != newParts.columnShape($0.new) }) { return true }
        if !addedFields.allSatisfy(isAddableInSQLite) { return true }
        if projectedParts.checks != newParts.checks { return true }
        return projectedParts.foreignKeys.map(\.clause) != newParts.foreignKeys.map(\.clause)
    }

    /// SQLite's `ADD COLUMN` takes a column that may be null or has a constant default, with no
    /// key, reference or check.
    private func isAddableInSQLite(_ field: Field) -> Bool {
        guard !field.isAuto, field.reference == nil, !new.primaryKey.contains(field.name),
              CheckConstraint.forColumn(field, of: new, in: .sqlite).check == nil else { return false }
        switch field.defaultValue {
        case nil: return field.isOptional
        case .now?, .generatedUUID?, .emptyArray?, .emptyObject?: return false
        default: return true
        }
    }

    // MARK: 1. Drops

    func drops() -> [String] {
        let oldTable = dialect.quote(old.physicalName)
        var statements: [String] = []
        if dialect != .sqlite {
            let keptKeys = Set(newParts.foreignKeys.map { "\($0.name)\n\($0.clause)" })
            for key in oldParts.foreignKeys where !keptKeys.contains("\(key.name)\n\(key.clause)") {
                let name = dialect.quote(key.name)
                if dialect == .mysql {
                    statements.append("ALTER TABLE \(oldTable) DROP FOREIGN KEY \(name);")
                    // InnoDB made an index for the key; the new version creates its own if it needs one.
                    statements.append("ALTER TABLE \(oldTable) DROP INDEX IF EXISTS \(name);")
                } else {
                    statements.append("ALTER TABLE \(oldTable) DROP CONSTRAINT \(name);")
                }
            }
            for check in oldParts.checks where !newParts.checks.contains(check) {
                statements.append("ALTER TABLE \(oldTable) DROP CONSTRAINT \(dialect.quote(check.name));")
            }
        }
        let indexMap = diff.matching.indexes[new.name] ?? [:]
        for index in old.indexes {
            let survivor = indexMap[index.name].flatMap { name in new.indexes.first { $0.name == name } }
            let sameDefinition = survivor.map { indexDefinition(projectedIndex(index)) == indexDefinition($0) } ?? false
            if isReplacedInOneStatement(index, by: survivor) { continue }
            if !sameDefinition || (dialect == .sqlite && survivor?.name != index.name) {
                statements.append(dropIndex(index.name, on: oldTable))
            }
        }
        let newRetention = Set(newParts.retentionIndexes.map(\.identity))
        for index in oldParts.retentionIndexes where !newRetention.contains(index.identity) {
            statements.append(dropIndex(index.name, on: oldTable))
        }
        if oldParts.surroundings != newParts.surroundings {
            statements += oldParts.dropSurroundings()
        }
        // MySQL changes the key in the same statement as its columns (an AUTO_INCREMENT column must stay a key).
        if dialect == .postgres && projected.primaryKey != new.primaryKey && !old.primaryKey.isEmpty {
            statements.append(dropPrimaryKey(oldTable))
        }
        return statements
    }

    /// MySQL replaces a changed index with `DROP INDEX` and `ADD INDEX` in one `ALTER TABLE`, so
    /// an index a foreign key needs is never missing in between (InnoDB refuses to drop it alone).
    private func isReplacedInOneStatement(_ index: Index, by survivor: Index?) -> Bool {
        guard dialect == .mysql, let survivor, survivor.name == index.name else { return false }
        let fields = Set(index.fieldNames.map { fieldMap[$0] ?? "" })
        return fields.allSatisfy { name in new.field(named: name) != nil }
            && indexDefinition(projectedIndex(index)) != indexDefinition(survivor)
    }

    private func dropIndex(_ name: String, on table: String) -> String {
        dialect == .mysql ? "DROP INDEX \(dialect.quote(name)) ON \(table);" : "DROP INDEX \(dialect.quote(name));"
    }

    private func dropPrimaryKey(_ table: String) -> String {
        switch dialect {
        case .mysql:
            return "ALTER TABLE \(table) DROP PRIMARY KEY;"
        default:
            // PostgreSQL named the key when the table was created; a renamed table keeps that name.
            let body = """

                BEGIN
                  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', \(dialect.string(table)),
                    (SELECT conname FROM pg_catalog.pg_constraint
                     WHERE conrelid = \(dialect.string(table))::regclass AND contype = 'p'));
                END

                """
            return "DO \(SQLDialect.dollarQuoted(body));"
        }
    }

    /// An old index with its columns under the new field names.
    private func projectedIndex(_ index: Index) -> Index {
        projected.indexes.first { $0.name == index.name } ?? index
    }

    /// What an index is, apart from its name.
    private func indexDefinition(_ index: Index) -> String {
        var unnamed = index
        unnamed.name = "i"
        unnamed.previousNames = []
        unnamed.isNamed = false
        unnamed.range = SourceRange(start: 0, end: 0)
        return IndexStatement(index: unnamed, entity: new, dialect: dialect).render()
    }

    // MARK: 2. Renames

    func renames() -> [String] {
        var statements: [String] = []
        if old.physicalName != new.physicalName {
            statements.append(dialect == .mysql
                ? "RENAME TABLE \(dialect.quote(old.physicalName)) TO \(table);"
                : "ALTER TABLE \(dialect.quote(old.physicalName)) RENAME TO \(table);")
        }
        for (oldName, newName) in fieldMap.sorted(by: { $0.value < $1.value }) {
            guard let before = old.field(named: oldName), let after = new.field(named: newName),
                  before.physicalName != after.physicalName else { continue }
            statements.append("ALTER TABLE \(table) RENAME COLUMN \(dialect.quote(before.physicalName)) TO \(dialect.quote(after.physicalName));")
        }
        return statements
    }

    // MARK: 3. Columns

    func columnChanges() -> [String] {
        switch dialect {
        case .sqlite:
            return needsSQLiteRebuild ? SQLiteRebuild(pair: self).statements()
                : addedFields.map { "ALTER TABLE \(table) ADD COLUMN \(newParts.column($0));" }
        case .postgres:
            return PostgresColumnChanges(pair: self).statements()
        case .mysql:
            return MySQLColumnChanges(pair: self).statements()
        }
    }

    /// Old raw value → new raw value for an enum whose stored values were renamed.
    func renamedRawValues(of field: Field) -> [String: String] {
        guard case .enumeration(let after) = field.type,
              let oldName = diff.matching.enums.first(where: { $0.value == after.name })?.key,
              let before = diff.old.enums.first(where: { $0.name == oldName }) else { return [:] }
        let cases = diff.matching.enumCases[after.name] ?? [:]
        var result: [String: String] = [:]
        for oldCase in before.cases {
            guard let newName = cases[oldCase.name], let newCase = after.cases.first(where: { $0.name == newName }),
                  newCase.rawValue != oldCase.rawValue else { continue }
            result[oldCase.rawValue] = newCase.rawValue
        }
        return result
    }

    // MARK: 5. Additions

    func additions() -> (body: [String], after: [String]) {
        if needsSQLiteRebuild { return ([], []) }
        var body: [String] = []
        var after: [String] = []
        if dialect != .sqlite {
            let oldKeys = Set(oldParts.foreignKeys.map { "\($0.name)\n\($0.clause)" })
            for key in newParts.foreignKeys where !oldKeys.contains("\(key.name)\n\(key.clause)") {
                if dialect == .postgres {
                    body.append("ALTER TABLE \(table) ADD \(key.clause) NOT VALID;")
                    after.append("ALTER TABLE \(table) VALIDATE CONSTRAINT \(dialect.quote(key.name));")
                } else {
                    body.append("ALTER TABLE \(table) ADD \(key.clause);")
                }
            }
            for check in newParts.checks where !oldParts.checks.contains(check) {
                let clause = "ADD CONSTRAINT \(dialect.quote(check.name)) CHECK (\(check.expression))"
                if dialect == .postgres {
                    body.append("ALTER TABLE \(table) \(clause) NOT VALID;")
                    after.append("ALTER TABLE \(table) VALIDATE CONSTRAINT \(dialect.quote(check.name));")
                } else {
                    body.append("ALTER TABLE \(table) \(clause);")
                }
            }
        }
        let indexMap = diff.matching.indexes[new.name] ?? [:]
        for (index, statement) in newParts.indexes {
            let oldName = indexMap.first { $0.value == index.name }?.key
            let before = oldName.flatMap { name in old.indexes.first { $0.name == name } }
            if let before, isReplacedInOneStatement(before, by: index) {
                body.append(Self.mysqlReplacement(of: index.name, with: statement, on: table))
                continue
            }
            if let before, indexDefinition(projectedIndex(before)) == indexDefinition(index) {
                guard before.name != index.name else { continue }
                switch dialect {
                case .postgres:
                    body.append("ALTER INDEX \(dialect.quote(before.name)) RENAME TO \(dialect.quote(index.name));")
                    continue
                case .mysql:
                    body.append("ALTER TABLE \(table) RENAME INDEX \(dialect.quote(before.name)) TO \(dialect.quote(index.name));")
                    continue
                case .sqlite:
                    break
                }
            }
            if dialect == .postgres { after.append(Self.concurrently(statement)) } else { body.append(statement) }
        }
        let oldRetention = Set(oldParts.retentionIndexes.map(\.identity))
        for index in newParts.retentionIndexes where !oldRetention.contains(index.identity) {
            if dialect == .postgres { after.append(Self.concurrently(index.statement)) } else { body.append(index.statement) }
        }
        if oldParts.surroundings != newParts.surroundings {
            body += newParts.surroundings
        }
        return (body, after)
    }

    /// `ALTER TABLE t DROP INDEX i, ADD INDEX i (…)` from the index's `CREATE INDEX i ON t (…)`.
    static func mysqlReplacement(of name: String, with statement: String, on table: String) -> String {
        statement.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("CREATE ") else { return String(line) }
            let addition = line.dropFirst("CREATE ".count).replacingOccurrences(of: " ON \(table) (", with: " (")
            return "ALTER TABLE \(table) DROP INDEX \(SQLDialect.mysql.quote(name)), ADD \(addition)"
        }.joined(separator: "\n")
    }

    /// `CREATE INDEX` → `CREATE INDEX CONCURRENTLY`, so building it does not block writers.
    static func concurrently(_ statement: String) -> String {
        statement.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("CREATE UNIQUE INDEX ") { return "CREATE UNIQUE INDEX CONCURRENTLY " + line.dropFirst(20) }
            if line.hasPrefix("CREATE INDEX ") { return "CREATE INDEX CONCURRENTLY " + line.dropFirst(13) }
            return String(line)
        }.joined(separator: "\n")
    }
}
