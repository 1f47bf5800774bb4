import Foundation
import ServerHarness
import Testing

/// Proves the real-database harness (`Tests/ServerHarness`): each engine starts, accepts DDL, enforces
/// constraints (a violation surfaces as `SQLExecutionError`) and hands rows back.
@Suite("Server harness")
struct ServerHarnessTests {
    // MARK: PostgreSQL

    @Test func postgresCreatesTableRejectsDuplicateAndReadsRows() throws {
        let pg = try PostgresServer.shared
        let db = try pg.createDatabase()
        try pg.run(
            """
            CREATE TABLE bot (id integer PRIMARY KEY, name text NOT NULL UNIQUE, note text);
            INSERT INTO bot VALUES (1, 'alpha', NULL), (2, 'beta', 'two
            lines|and a tab:\t');
            """, database: db)

        let error = #expect(throws: SQLExecutionError.self) {
            try pg.run("INSERT INTO bot VALUES (3, 'alpha', NULL);", database: db)
        }
        #expect(error?.message.contains("duplicate key value violates unique constraint") == true)

        let rows = try pg.query("SELECT id, name, note FROM bot ORDER BY id", database: db)
        #expect(rows == [["1", "alpha", "NULL"], ["2", "beta", "two\nlines|and a tab:\t"]])
        #expect(try pg.query("SELECT 1 WHERE false", database: db) == [])
    }

    @Test func postgresDatabasesAreIndependent() throws {
        let pg = try PostgresServer.shared
        let first = try pg.createDatabase()
        let second = try pg.createDatabase()
        #expect(first != second)
        try pg.run("CREATE TABLE only_here (id int);", database: first)
        #expect(throws: SQLExecutionError.self) {
            try pg.run("SELECT * FROM only_here;", database: second)
        }
    }

    @Test func postgresRoleWithoutInsertGrantIsRefused() throws {
        let pg = try PostgresServer.shared
        let db = try pg.createDatabase()
        let reader = "\(db)_reader"  // roles are cluster-wide: keep the name unique per test
        try pg.run(
            """
            CREATE TABLE note (id integer PRIMARY KEY, body text);
            INSERT INTO note VALUES (1, 'hello');
            CREATE ROLE \(reader) NOLOGIN;
            GRANT SELECT ON note TO \(reader);
            """, database: db)

        #expect(try pg.query("SELECT current_user, body FROM note", database: db, role: reader) == [[reader, "hello"]])
        let error = #expect(throws: SQLExecutionError.self) {
            try pg.run("INSERT INTO note VALUES (2, 'nope');", database: db, role: reader)
        }
        #expect(error?.message.contains("permission denied for table note") == true)
        #expect(try pg.query("SELECT count(*) FROM note", database: db) == [["1"]])
    }

    @Test func postgresPreludeSetsSessionVariable() throws {
        let pg = try PostgresServer.shared
        let db = try pg.createDatabase()
        let reader = "\(db)_owner_reader"
        try pg.run(
            """
            CREATE TABLE item (id integer PRIMARY KEY, owner_id integer NOT NULL);
            INSERT INTO item VALUES (1, 42), (2, 7);
            ALTER TABLE item ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own_items ON item USING (owner_id = current_setting('app.current_owner')::integer);
            CREATE ROLE \(reader) NOLOGIN;
            GRANT SELECT ON item TO \(reader);
            """, database: db)

        let prelude = "SET app.current_owner = '42'"
        #expect(try pg.query("SELECT current_setting('app.current_owner')", database: db, prelude: prelude) == [["42"]])
        // The prelude survives SET ROLE, so row-level security sees it.
        #expect(try pg.query("SELECT id FROM item ORDER BY id", database: db, role: reader, prelude: prelude) == [["1"]])
    }

    @Test func postgresListensOnLoopbackOnly() throws {
        let pg = try PostgresServer.shared
        #expect(try pg.query("SHOW listen_addresses", database: "postgres") == [["127.0.0.1"]])
    }

    // MARK: MariaDB

    @Test func mariaDBCreatesTableRejectsDuplicateAndReadsRows() throws {
        let maria = try MariaDBServer.shared
        let db = try maria.createDatabase()
        try maria.run(
            """
            CREATE TABLE bot (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE, note TEXT) ENGINE=InnoDB;
            INSERT INTO bot VALUES (1, 'alpha', NULL), (2, 'beta', 'two\\nlines\\twith tab and \\\\ backslash');
            """, database: db)

        let error = #expect(throws: SQLExecutionError.self) {
            try maria.run("INSERT INTO bot VALUES (3, 'alpha', NULL);", database: db)
        }
        #expect(error?.message.contains("Duplicate entry 'alpha'") == true)

        let rows = try maria.query("SELECT id, name, note FROM bot ORDER BY id", database: db)
        #expect(rows == [["1", "alpha", "NULL"], ["2", "beta", "two\nlines\twith tab and \\ backslash"]])
    }

    @Test func mariaDBIsStrictAndLoopbackOnly() throws {
        let maria = try MariaDBServer.shared
        let db = try maria.createDatabase()
        let settings = try maria.query("SELECT @@sql_mode, @@bind_address, @@character_set_server", database: db)
        #expect(settings.first?[0].contains("STRICT_TRANS_TABLES") == true)
        #expect(settings.first?[1] == "127.0.0.1")
        #expect(settings.first?[2] == "utf8mb4")

        try maria.run("CREATE TABLE t (code VARCHAR(3) NOT NULL);", database: db)
        #expect(throws: SQLExecutionError.self) {
            try maria.run("INSERT INTO t VALUES ('too long');", database: db)  // strict: no silent truncation
        }
        #expect(try maria.query("SELECT @owner", database: db, prelude: "SET @owner = 42") == [["42"]])
    }

    // MARK: SQLite

    @Test func sqliteCreatesTableRejectsDuplicateAndEnforcesForeignKeys() throws {
        let db = try SQLiteDatabase.create()
        try db.run(
            """
            CREATE TABLE owner (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
            CREATE TABLE pet (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES owner(id)) STRICT;
            INSERT INTO owner VALUES (1, 'alpha'), (2, 'two
            lines');
            INSERT INTO pet VALUES (10, 1);
            """)

        let duplicate = #expect(throws: SQLExecutionError.self) {
            try db.run("INSERT INTO owner VALUES (3, 'alpha');")
        }
        #expect(duplicate?.message.contains("UNIQUE constraint failed") == true)
        let orphan = #expect(throws: SQLExecutionError.self) {
            try db.run("INSERT INTO pet VALUES (11, 99);")
        }
        #expect(orphan?.message.contains("FOREIGN KEY constraint failed") == true)

        #expect(try db.query("SELECT id, name, NULL FROM owner ORDER BY id") == [["1", "alpha", "NULL"], ["2", "two\nlines", "NULL"]])
    }

    // MARK: node --check

    @Test func nodeCheckAcceptsValidJavaScript() throws {
        try NodeSyntaxCheck.check(javascript: """
            db.createCollection("bots", { validator: { $jsonSchema: { bsonType: "object", required: ["name"] } } });
            db.bots.createIndex({ name: 1 }, { unique: true });
            """)
    }

    @Test func nodeCheckRejectsInvalidJavaScript() throws {
        let error = #expect(throws: JavaScriptSyntaxError.self) {
            try NodeSyntaxCheck.check(javascript: "db.createCollection(\"bots\", { validator: ;")
        }
        #expect(error?.message.contains("SyntaxError") == true)
    }

    // MARK: Missing tools

    @Test func missingToolFailsWithInstallHint() {
        let error = #expect(throws: HarnessError.self) {
            try ToolLocator.find("schemagen-no-such-tool")
        }
        #expect(error.map { "\($0)" }?.contains("scripts/install-test-deps.sh") == true)
    }
}
