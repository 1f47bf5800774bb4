import SchemaEmitters
import SchemaLanguage
import Testing

/// Append-only rows stay as written against every way a dialect has to overwrite or remove a row
/// besides `UPDATE` and `DELETE`: replacing inserts, upserts and foreign-key actions.
@Suite("Append-only tables hold against replaces, upserts and foreign-key actions")
struct SQLAppendOnlyTests {
    static let text = """
        schema ledger {
          targets sqlite, postgres, mysql
        }

        table accounts {
          id int64 primary
        }

        table entries {
          id         int64 primary
          reference  string(20)? unique
          account_id int64? -> accounts.id on delete set null
          amount     int32
          index (account_id)
          retain { append only }
        }
        """

    static func setUp(_ dialect: SQLDialect) throws -> SQLTestDatabase {
        let db = try SQLTestDatabase.fresh(dialect)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: dialect))
        try db.run("""
            INSERT INTO accounts (id) VALUES (1);
            INSERT INTO entries (id, reference, account_id, amount) VALUES (1, 'r1', 1, 10), (2, 'r2', NULL, 20);
            """)
        return db
    }

    static let rows = [["1", "r1", "1", "10"], ["2", "r2", "NULL", "20"]]

    func expectUnchanged(_ db: SQLTestDatabase, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(try db.query("SELECT id, reference, account_id, amount FROM entries ORDER BY id;") == Self.rows,
                sourceLocation: sourceLocation)
    }

    /// SQLite's `INSERT OR REPLACE` deleted the conflicting row without firing the DELETE guard.
    @Test func sqliteReplaceIsRefused() throws {
        let db = try Self.setUp(.sqlite)
        db.expectRejected("INSERT OR REPLACE INTO entries (id, reference, amount) VALUES (1, 'forged', 99);", containing: "append-only")
        db.expectRejected("REPLACE INTO entries (id, reference, amount) VALUES (3, 'r2', 99);", containing: "append-only")
        db.expectRejected("INSERT INTO entries (id, reference, amount) VALUES (1, 'x', 99) ON CONFLICT (id) DO UPDATE SET amount = 99;",
                          containing: "append-only")
        try expectUnchanged(db)
        // Inserts that meet no row still work; NULLs never conflict.
        try db.run("INSERT INTO entries (id, reference, amount) VALUES (3, 'r3', 30), (4, NULL, 40), (5, NULL, 50);")
        #expect(try db.column("SELECT COUNT(*) FROM entries;") == ["5"])
    }

    @Test func mysqlReplaceAndUpsertAreRefused() throws {
        let db = try Self.setUp(.mysql)
        db.expectRejected("REPLACE INTO entries (id, reference, amount) VALUES (1, 'forged', 99);", containing: "append-only")
        db.expectRejected("INSERT INTO entries (id, reference, amount) VALUES (1, 'x', 99) ON DUPLICATE KEY UPDATE amount = 99;",
                          containing: "append-only")
        try expectUnchanged(db)
    }

    @Test func postgresUpsertIsRefused() throws {
        let db = try Self.setUp(.postgres)
        db.expectRejected("INSERT INTO entries (id, reference, amount) VALUES (1, 'x', 99) ON CONFLICT (id) DO UPDATE SET amount = 99;",
                          containing: "append-only")
        try expectUnchanged(db)
    }

    /// `on delete set null` into an append-only table: MySQL runs no trigger for rows a foreign
    /// key changes, so deleting the account silently rewrote entry 1. Every dialect now refuses
    /// the delete (and the checker warns about the rule).
    @Test(arguments: SQLDialect.allCases)
    func foreignKeyActionsCannotChangeAppendOnlyRows(_ dialect: SQLDialect) throws {
        let db = try Self.setUp(dialect)
        let message = db.expectRejected("DELETE FROM accounts WHERE id = 1;")
        #expect(!message.isEmpty)
        try expectUnchanged(db)
    }
}
