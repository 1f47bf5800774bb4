import SchemaEmitters
import SchemaLanguage
import Testing

/// PostgreSQL access control compiled from `access` blocks: a role per writer module with exactly
/// its grants, and row-level security confining owner-scoped tables to the current owner.
@Suite("PostgreSQL writer roles and row-level security")
struct SQLAccessTests {
    static let text = """
        schema notes_app {
          targets postgres
        }

        /// Notes of users; each user sees only their own.
        table notes {
          id         int64 primary auto
          user_id    int64
          body       text
          created_at timestamp = now
          index (user_id)
          access {
            insert: editor
            update: editor, moderation.review
            delete: cleanup
            owner user_id
          }
        }

        /// Tags anyone may write.
        table tags {
          name string(40) primary
        }

        /// Login events, never changed.
        table logins {
          id      int64 primary auto
          user_id int64
          retain { append only }
        }
        """

    /// A database with the schema applied, and the role name of a module.
    static func setUp() throws -> (SQLTestDatabase, (String) -> String) {
        let db = try SQLTestDatabase.fresh(.postgres)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: .postgres))
        return (db, { "\(schema.name).\($0)" })
    }

    static func owner(_ id: Int) -> String { "SET app.current_owner = '\(id)'" }

    @Test func writerRolesHaveExactlyTheirGrants() throws {
        let (db, role) = try Self.setUp()
        let editor = role("editor"), review = role("moderation.review"), cleanup = role("cleanup")

        // editor inserts (identity column included) but may not delete.
        try db.run("INSERT INTO notes (user_id, body) VALUES (1, 'mine');", role: editor, prelude: Self.owner(1))
        db.expectRejected("DELETE FROM notes;", role: editor, prelude: Self.owner(1), containing: "permission denied")
        // moderation.review updates but may not insert.
        try db.run("UPDATE notes SET body = 'reviewed';", role: review, prelude: Self.owner(1))
        db.expectRejected("INSERT INTO notes (user_id, body) VALUES (1, 'x');", role: review, prelude: Self.owner(1),
                          containing: "permission denied")
        // cleanup deletes only; every role reads.
        db.expectRejected("UPDATE notes SET body = 'x';", role: cleanup, prelude: Self.owner(1), containing: "permission denied")
        #expect(try db.column("SELECT body FROM notes;", role: cleanup, prelude: Self.owner(1)) == ["reviewed"])
        try db.run("DELETE FROM notes;", role: cleanup, prelude: Self.owner(1))
        #expect(try db.column("SELECT count(*) FROM notes;") == ["0"])

        // tags has no writer lists: every module writes it.
        for module in [editor, review, cleanup] {
            try db.run("INSERT INTO tags (name) VALUES ('\(module)'); UPDATE tags SET name = name; DELETE FROM tags;", role: module)
        }
        // logins is append-only: every module inserts, none may update or delete (privileges and trigger).
        try db.run("INSERT INTO logins (user_id) VALUES (1);", role: cleanup)
        db.expectRejected("DELETE FROM logins;", role: cleanup, containing: "permission denied")
        db.expectRejected("DELETE FROM logins;", containing: "append-only")  // even the superuser
    }

    @Test func rowLevelSecurityHidesOtherOwnersRows() throws {
        let (db, role) = try Self.setUp()
        let editor = role("editor"), review = role("moderation.review")
        try db.run("INSERT INTO notes (user_id, body) VALUES (1, 'one'), (2, 'two'), (2, 'two again');")  // superuser

        #expect(try db.column("SELECT body FROM notes ORDER BY id;", role: editor, prelude: Self.owner(1)) == ["one"])
        #expect(try db.column("SELECT count(*) FROM notes;", role: editor, prelude: Self.owner(2)) == ["2"])
        // Without an owner a session sees nothing.
        #expect(try db.column("SELECT count(*) FROM notes;", role: editor) == ["0"])
        // Writing another owner's row is refused; updates cannot reach it.
        db.expectRejected("INSERT INTO notes (user_id, body) VALUES (2, 'forged');", role: editor, prelude: Self.owner(1),
                          containing: "row-level security")
        try db.run("UPDATE notes SET body = 'hijacked';", role: review, prelude: Self.owner(1))
        #expect(try db.column("SELECT body FROM notes ORDER BY id;") == ["hijacked", "two", "two again"])
        db.expectRejected("UPDATE notes SET user_id = 2;", role: review, prelude: Self.owner(1), containing: "row-level security")
    }
}
