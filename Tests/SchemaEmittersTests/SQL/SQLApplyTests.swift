import SchemaEmitters
import SchemaLanguage
import Testing

/// Every seed schema's DDL and retention job run cleanly on real servers: on each of the seed's
/// own targets, and on the other SQL dialects too (the emitter must work for any target).
@Suite("SQL applies on real servers")
struct SQLApplyTests {
    static let cases: [(String, SQLDialect)] = SQLTestSupport.seedsWithTables.flatMap { name in
        SQLDialect.allCases.map { (name, $0) }
    }

    @Test(arguments: cases)
    func seedDDLAndRetentionApply(_ name: String, _ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        var schema = SQLTestSupport.isolated(try SeedSchemas.load(name), database: db.name)
        schema.targets = [Target(rawValue: dialect.rawValue)!]
        let files = SQLEmitter().emit(schema)
        #expect(files.map(\.path) == [dialect.ddlFileName, dialect.retentionFileName])
        try db.run(files[0].contents)
        try db.run(files[1].contents)  // on empty tables: the statements are valid and touch nothing
        try db.run(files[1].contents)  // and may run again
    }

    @Test func declaredTargetsAreTheFilesEmitted() throws {
        let discord = SQLEmitter().emit(try SeedSchemas.load("discord_bot")).map(\.path)
        #expect(discord == ["sql/sqlite.sql", "sql/sqlite.retention.sql", "sql/postgres.sql", "sql/postgres.retention.sql"])
        #expect(SQLEmitter().emit(try SeedSchemas.load("setai_bot")).map(\.path) == ["sql/mysql.sql", "sql/mysql.retention.sql"])
        #expect(SQLEmitter().emit(try SeedSchemas.load("syncara_bot")).isEmpty)
        #expect(SQLEmitter().emit(try SeedSchemas.load("mozaiks_core")).isEmpty)
    }

    /// Roles are cluster-wide; the script creates them only when missing, so it runs again on a
    /// second database of the same cluster.
    @Test func postgresScriptIsRerunnableAcrossDatabases() throws {
        let first = try SQLTestDatabase.fresh(.postgres)
        let second = try SQLTestDatabase.fresh(.postgres)
        let schema = SQLTestSupport.isolated(try SeedSchemas.load("gryag_bot"), database: first.name)
        let ddl = SQLEmitter().ddl(schema, for: .postgres)
        try first.run(ddl)
        try second.run(ddl)
        let roles = try first.column("SELECT rolname FROM pg_roles WHERE rolname LIKE '\(schema.name)%' ORDER BY 1")
        let modules = Set(schema.tables.flatMap(\.access.modules)).sorted()
        #expect(roles == modules.map { "\(schema.name).\($0)" } + ["\(schema.name):retention"])
    }

    /// Reference cycles: PostgreSQL and MySQL need the closing foreign key added after both tables.
    @Test(arguments: SQLDialect.allCases)
    func featureSchemaApplies(_ dialect: SQLDialect) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SQLFeatureSchema.schema(), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try db.run(SQLEmitter().retention(schema, for: dialect))
    }

    /// Names the emitter derives (checks, foreign keys, triggers) from long table and column names
    /// are cut to 63 bytes with a hash suffix, so MySQL accepts them and PostgreSQL does not
    /// truncate two of them to the same name.
    @Test(arguments: SQLDialect.allCases)
    func longDerivedNamesStayDistinct(_ dialect: SQLDialect) throws {
        let table = "a_table_whose_name_is_long_enough_to_overflow_identifiers"
        let schema = try SeedSchemas.compile("""
            schema long_names {
              targets sqlite, postgres, mysql
            }
            table parents {
              id int32 primary
            }
            table \(table) {
              id int64 primary auto
              first_extremely_long_column_name_number_one int32 min 0 -> parents.id
              first_extremely_long_column_name_number_two int32 min 0
              updated_at timestamp = now on update now
              index (first_extremely_long_column_name_number_one) named "idx_long_one"
            }
            """)
        let db = try SQLTestDatabase.fresh(dialect)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try db.run("INSERT INTO parents (id) VALUES (1);")
        db.expectRejected("INSERT INTO \(db.q(table)) (\(db.q("first_extremely_long_column_name_number_one")), "
                          + "\(db.q("first_extremely_long_column_name_number_two"))) VALUES (1, -1);")
        guard dialect != .sqlite else { return }
        let names = try db.column("""
            SELECT constraint_name FROM information_schema.table_constraints
            WHERE table_name = '\(table)' AND (constraint_name LIKE 'ck%' OR constraint_name LIKE 'fk%') ORDER BY 1;
            """)
        #expect(names.count == 3 && Set(names).count == 3, "\(names)")
        #expect(names.allSatisfy { $0.utf8.count <= 63 })
    }
}
