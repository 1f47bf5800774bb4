import SchemaEmitters
import SchemaLanguage
import Testing

/// Doc comments (`///`) reach each server's catalog, read back as written: PostgreSQL's and
/// MySQL's comments on tables and columns, SQLite's `--` lines inside the stored CREATE TABLE.
@Suite struct SQLCommentTests {
    static let schemaText = """
        schema commented {
          targets sqlite, postgres, mysql
        }

        /// People who use the bot.
        table people {
          /// The person's key.
          id   int64 primary
          /// Shown name: "quoted", it's 100% text.
          name string(50)
          age  int32?
        }
        """

    @Test(arguments: SQLDialect.allCases)
    func docCommentsAreInTheCatalog(_ dialect: SQLDialect) throws {
        let schema = try SeedSchemas.compile(Self.schemaText)
        let db = try SQLTestDatabase.fresh(dialect)
        try db.run(SQLEmitter().ddl(SQLTestSupport.isolated(schema, database: db.name), for: dialect))
        let table = "People who use the bot."
        let columns = ["The person's key.", #"Shown name: "quoted", it's 100% text."#]
        switch dialect {
        case .postgres:
            #expect(try db.column("SELECT obj_description('people'::regclass, 'pg_class');") == [table])
            #expect(try db.column("SELECT col_description('people'::regclass, attnum) FROM pg_attribute WHERE attrelid = 'people'::regclass AND attnum > 0 ORDER BY attnum;")
                    == columns + ["NULL"])
        case .mysql:
            #expect(try db.column("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people';")
                    == [table])
            #expect(try db.column("SELECT COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' ORDER BY ORDINAL_POSITION;")
                    == columns + [""])
        case .sqlite:
            // SQLite keeps the CREATE TABLE text: the column docs are in it; the table's doc, a
            // comment before the statement, is in the script only.
            let stored = try db.column("SELECT sql FROM sqlite_master WHERE name = 'people';").joined()
            for column in columns { #expect(stored.contains("-- " + column), "\(stored)") }
            #expect(!stored.contains(table))
        }
    }
}
