import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The injections issue 9 found through strings the checker accepts, each replayed as an attack
/// on a real server or compiler: none may run. (Each of these ran before the escaping fix.)
@Suite("Schema strings cannot inject statements or code")
struct InjectionRegressionTests {
    /// `$$` in a `named` table ended the `DO $$` block granting the identity sequence. `psql -f`
    /// goes on after errors by default, so the statement after the early `$$` ran.
    @Test func dollarsInANameCannotEndAPostgresDoBlock() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        let token = SQLObjects.token(db)
        let superusers = try SQLObjects.superusers(db)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile("""
            schema dollars { targets postgres }
            table t named "t$$;CREATE ROLE pwned_\(token) SUPERUSER;SELECT $$" {
              id int64 primary auto
              access { insert: writer }
            }
            """), database: token)
        try db.run("\\set ON_ERROR_STOP off\n" + SQLEmitter().ddl(schema, for: .postgres))
        #expect(try SQLObjects.roles(db, prefix: "pwned_\(token)").isEmpty)
        #expect(try SQLObjects.superusers(db) == superusers)
        #expect(try SQLObjects.tables(db) == ["t$$;CREATE ROLE pwned_\(token) SUPERUSER;SELECT $$"])
    }

    /// A raw carriage return in a doc ended the `--` comment in PostgreSQL, which ends lines there too.
    @Test func carriageReturnInADocCannotEndAPostgresComment() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        let token = SQLObjects.token(db)
        let schema = try SeedSchemas.compile("""
            schema returns { targets postgres }
            /// Harmless\rCREATE ROLE pwned_\(token) SUPERUSER;
            table t { id int64 primary }
            """)
        try db.run("\\set ON_ERROR_STOP off\n" + SQLEmitter().ddl(schema, for: .postgres))
        #expect(try SQLObjects.roles(db, prefix: "pwned_\(token)").isEmpty)
        #expect(try SQLObjects.tables(db) == ["t"])
    }

    /// A backslash before a quote ended a PostgreSQL string on a server running with
    /// `standard_conforming_strings = off`, where `\'` is an escaped quote.
    @Test func backslashCannotEndAPostgresStringWithoutStandardConformingStrings() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        try db.run("CREATE TABLE canary (id INTEGER);")
        let schema = try SeedSchemas.compile(#"""
            schema backslash { targets postgres }
            /// a\'); DROP TABLE canary; --
            table t { id int64 primary }
            """#)
        try db.run("\\set ON_ERROR_STOP off\n" + SQLEmitter().ddl(schema, for: .postgres),
                   prelude: "SET standard_conforming_strings = off;")
        #expect(try SQLObjects.tables(db) == ["canary", "t"])
        #expect(try db.column("SELECT obj_description('t'::regclass, 'pg_class');") == [#"a\'); DROP TABLE canary; --"#])
    }

    /// A newline in a pattern ended the `-- Not checked:` comment inside SQLite's `CREATE TABLE`;
    /// the payload closed the table, dropped another and opened a new one for the rest.
    @Test func newlineInAPatternCannotEndASQLiteComment() throws {
        let db = try SQLTestDatabase.fresh(.sqlite)
        try db.run("CREATE TABLE canary (id INTEGER);")
        let schema = try SeedSchemas.compile(#"""
            schema patterns { targets sqlite }
            table t {
              p string pattern "(x\n  dummy INTEGER);\nDROP TABLE canary;\nCREATE TABLE junk (\n-- )"
              id int64 primary
            }
            """#)
        try db.run(SQLEmitter().ddl(schema, for: .sqlite))
        #expect(try SQLObjects.tables(db) == ["canary", "t"])
        #expect(try SQLObjects.columns(db, table: "t") == ["p", "id"])
    }

    /// A newline in a partial index's string ended MySQL's "no partial indexes" comment.
    @Test func newlineInAPartialIndexCannotEndAMySQLComment() throws {
        let db = try SQLTestDatabase.fresh(.mysql)
        try db.run("CREATE TABLE canary (id INTEGER);")
        let schema = try SeedSchemas.compile(#"""
            schema partial { targets mysql }
            table t {
              id int64 primary
              s string
              index (s) where s = "x\nDROP TABLE canary;\n-- "
            }
            """#)
        try db.run(SQLEmitter().ddl(schema, for: .mysql))
        #expect(try SQLObjects.tables(db) == ["canary", "t"])
    }

    /// A newline in an enum value ended the `///` comment naming the case in generated Swift.
    @Test func newlineInAnEnumValueCannotEndASwiftDocComment() throws {
        let schema = try SeedSchemas.compile(#"""
            schema enums { targets sqlite }
            enum Mood { calm = "x\n#error(\"escaped the doc comment\")\n//" }
            table t {
              id int64 primary
              mood Mood
            }
            """#)
        let output = try GeneratedSwiftCompiler.typecheck(SwiftEmitter().emit(schema), moduleName: "EnumsData")
        #expect(output.isEmpty, "compiler output:\n\(output)")
    }
}
