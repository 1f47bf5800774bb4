import SchemaLanguage

/// Plans the SQL that takes a database from the old schema of a diff to the new one, in one
/// dialect. The diff says what changed; the planner decides how each engine does it:
///
/// 1. drop what goes away or changes shape (foreign keys, checks, indexes, triggers, policies,
///    grants), then dropped tables, children first;
/// 2. rename tables, columns and enum types (PostgreSQL keeps data, indexes and constraints);
/// 3. change columns: `ALTER` on PostgreSQL and MySQL; on SQLite `ALTER` where SQLite can, else
///    the rebuild from SQLite's documentation (create `new_X`, copy, drop `X`, rename);
/// 4. create new tables in foreign-key order;
/// 5. add foreign keys, checks, indexes, triggers, policies and grants of the new version;
/// 6. drop enum types nothing uses any more.
struct SQLMigrationPlanner {
    let diff: SchemaDiff
    let dialect: SQLDialect

    func plan() -> MigrationScript {
        var script = MigrationScript(dialect: dialect)
        script.summary = diff.changes.map { "\($0.code.rawValue) [\($0.classes)] \($0.summary)" }
        let pairs = diff.tablePairs.map { TablePair(diff: diff, old: $0.old, new: $0.new, dialect: dialect) }
        let enums = PostgresEnumChanges(diff: diff)
        let grants = PostgresGrants(diff: diff)
        let readGrants = MySQLReadGrants(diff: diff)

        // 1. Drops.
        if dialect == .mysql { script.body += readGrants.revocations() }
        for pair in pairs { script.body += pair.drops() }
        if dialect == .postgres { script.body += grants.policyDrops() }
        let dropped = ForeignKeyOrder(diff.droppedTables).tables.reversed()
        for table in dropped {
            script.body += TableParts(entity: table, schema: diff.old, dialect: dialect).dropSurroundings()
            script.body.append("DROP TABLE \(dialect.quote(table.physicalName));")
        }
        // 2. Renames, and enum types before the columns that use them change.
        if dialect == .postgres {
            script.beforeTransaction += enums.inPlaceChanges()
            script.body += enums.createdTypes()
        }
        for pair in pairs { script.body += pair.renames() }
        if dialect == .postgres { script.body += enums.recreatedTypes() }
        // 3. Columns.
        for pair in pairs { script.body += pair.columnChanges() }
        // 4. New tables.
        if dialect == .postgres && needsGuardFunction(pairs) { script.body.append(AppendOnlyGuard.postgresFunction) }
        script.body += createdTables()
        // 5. What the new version of each table has around it.
        for pair in pairs {
            let additions = pair.additions()
            script.body += additions.body
            script.afterTransaction += additions.after
        }
        if dialect == .mysql { script.body += readGrants.grants() }
        if dialect == .postgres {
            script.body += grants.changes()
            script.body += enums.droppedTypes()
            if diff.old.tables.contains(where: \.isAppendOnly) && !diff.new.tables.contains(where: \.isAppendOnly) {
                script.body.append("DROP FUNCTION IF EXISTS \(dialect.quote(AppendOnlyGuard.postgresFunctionName))();")
            }
        }
        return script
    }

    /// Whether a table becomes append-only, so the shared guard function must exist (it is
    /// created with `CREATE OR REPLACE`, so creating it again is harmless).
    private func needsGuardFunction(_ pairs: [TablePair]) -> Bool {
        diff.addedTables.contains(where: \.isAppendOnly) || pairs.contains { $0.new.isAppendOnly && !$0.old.isAppendOnly }
    }

    /// `CREATE TABLE` and everything around it, for tables the old schema did not have.
    private func createdTables() -> [String] {
        let added = diff.addedTables
        guard !added.isEmpty else { return [] }
        var statements: [String] = []
        let order = ForeignKeyOrder(added)
        for table in order.tables {
            let parts = TableParts(entity: table, schema: diff.new, dialect: dialect, order: order)
            statements.append(parts.createTable())
            statements += parts.indexes.map(\.statement) + parts.retentionIndexes.map(\.statement)
            statements += parts.surroundings
        }
        for table in order.tables {
            statements += TableParts(entity: table, schema: diff.new, dialect: dialect, order: order).deferredForeignKeys()
        }
        return statements
    }
}

extension SchemaDiff {
    /// The SQL migration from the old schema to the new one in a dialect.
    public func migration(for dialect: SQLDialect) -> MigrationScript {
        SQLMigrationPlanner(diff: self, dialect: dialect).plan()
    }
}
