import SchemaEmitters
import SchemaLanguage
import Testing

/// Tenant against tenant and role against role on PostgreSQL: archives keep row-level security,
/// the retention job reaches every owner's rows through its own role, roles of different schemas
/// or modules never merge, and roles or functions planted by someone else are refused.
@Suite("PostgreSQL tenants and roles")
struct SQLTenantTests {
    static let text = """
        schema tenants {
          targets postgres
        }

        table notes {
          id         int64 primary auto
          user_id    int64
          body       text
          created_at timestamp = now
          retain { archive after 30d by created_at into notes_archive }
          access {
            write: editor
            owner user_id
          }
        }

        table notes_archive like notes {
          retain { delete after 365d by created_at }
        }
        """

    static func setUp(_ text: String = text) throws -> (SQLTestDatabase, Schema) {
        let db = try SQLTestDatabase.fresh(.postgres)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(text), database: db.name)
        try db.run(SQLEmitter().ddl(schema, for: .postgres))
        return (db, schema)
    }

    static func owner(_ id: Int) -> String { "SET app.current_owner = '\(id)'" }

    /// `like` used to drop the owner: tenant 2 read and deleted tenant 1's archived notes.
    @Test func archivesOfOwnerScopedTablesStayOwnerScoped() throws {
        let (db, schema) = try Self.setUp()
        let editor = "\(schema.name).editor"
        try db.run("""
            INSERT INTO notes_archive (id, user_id, body, created_at) VALUES (1, 1, 'one', now()), (2, 2, 'two', now());
            """)
        #expect(try db.column("SELECT body FROM notes_archive ORDER BY id;", role: editor, prelude: Self.owner(2)) == ["two"])
        try db.run("DELETE FROM notes_archive;", role: editor, prelude: Self.owner(2))
        #expect(try db.column("SELECT body FROM notes_archive ORDER BY id;") == ["one"])
    }

    /// FORCE row-level security hid every row from a job run by anyone but a superuser: it
    /// archived nothing, silently. The script now runs as the retention role, whose policies
    /// reach every owner's rows, and which has no other rights.
    @Test func retentionRoleReachesEveryOwnersRows() throws {
        let (db, schema) = try Self.setUp()
        let retention = "\(schema.name):retention"
        try db.run("""
            INSERT INTO notes (user_id, body, created_at) VALUES (1, 'old one', now() - interval '40 days'),
              (2, 'old two', now() - interval '40 days'), (2, 'new two', now());
            """)
        try db.run(SQLEmitter().retention(schema, for: .postgres))
        #expect(try db.column("SELECT body FROM notes_archive ORDER BY id;") == ["old one", "old two"])
        #expect(try db.column("SELECT body FROM notes;") == ["new two"])
        // Exactly the job's rights: no insert into the live table, no update of the archive.
        db.expectRejected("INSERT INTO notes (user_id, body) VALUES (1, 'x');", role: retention, containing: "permission denied")
        db.expectRejected("UPDATE notes_archive SET body = 'x';", role: retention, containing: "permission denied")
    }

    /// `app.plug` and `app_plug` were one role, and so were schema `a_b` with module `c` and
    /// schema `a` with module `b_c`: their grants merged. Now each pair gets two roles.
    @Test func rolesOfDifferentSchemasNeverMerge() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        func schema(_ name: String, table: String, module: String) throws -> Schema {
            try SeedSchemas.compile("""
                schema \(name) {
                  targets postgres
                }

                table \(table) {
                  id int64 primary
                  access { write: \(module) }
                }
                """)
        }
        let first = try schema("s_\(db.name)_a_b", table: "first", module: "c")
        let second = try schema("s_\(db.name)_a", table: "second", module: "b_c")
        try db.run(SQLEmitter().ddl(first, for: .postgres))
        try db.run(SQLEmitter().ddl(second, for: .postgres))
        try db.run("INSERT INTO first (id) VALUES (1);", role: "\(first.name).c")
        db.expectRejected("INSERT INTO second (id) VALUES (1);", role: "\(first.name).c", containing: "permission denied")
        db.expectRejected("INSERT INTO first (id) VALUES (2);", role: "\(second.name).b_c", containing: "permission denied")
    }

    /// A role of the writer role's name that the script did not make (here one that can log in)
    /// used to receive the grants as found; the script now refuses it.
    @Test func rolesSomeoneElseMadeAreRefused() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile(Self.text), database: db.name)
        let squatter = "\(schema.name).editor"
        try db.run("CREATE ROLE \(db.q(squatter)) LOGIN;")
        defer { _ = try? db.run("DROP OWNED BY \(db.q(squatter)); DROP ROLE \(db.q(squatter));") }
        db.expectRejected(SQLEmitter().ddl(schema, for: .postgres), containing: "is not a role this schema created")
    }

    /// A role allowed to create in public planted the append-only guard function before the
    /// script ran: `CREATE OR REPLACE` kept that role as owner, free to swap the body and run code
    /// as whoever trips the trigger. The script now refuses a guard function it does not own.
    @Test func plantedGuardFunctionIsRefused() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        let schema = SQLTestSupport.isolated(try SeedSchemas.compile("""
            schema planted {
              targets postgres
            }

            table audit {
              id int64 primary auto
              retain { append only }
            }
            """), database: db.name)
        let planter = "planter_\(db.name)"
        try db.run("""
            CREATE ROLE \(planter);
            GRANT CREATE ON SCHEMA public TO \(planter);
            SET ROLE \(planter);
            CREATE FUNCTION public.schemagen_reject_append_only_change() RETURNS trigger LANGUAGE plpgsql
              AS $$ BEGIN RETURN NULL; END $$;
            """)
        defer { _ = try? db.run("DROP OWNED BY \(planter); DROP ROLE \(planter);") }
        db.expectRejected(SQLEmitter().ddl(schema, for: .postgres), containing: "belongs to another role")
    }

    /// A tenant pointed a comment at another tenant's note: the insert succeeded exactly when the
    /// note existed (a probe), and the note's owner could then no longer delete it. References
    /// between owner-scoped tables now reach only the same owner's rows, and fail alike for a
    /// foreign note and a missing one.
    @Test func referencesStayWithinOneOwner() throws {
        let (db, _) = try Self.setUp("""
            schema scoped_refs {
              targets postgres
            }

            table notes {
              id      int64 primary
              user_id int64
              access { owner user_id }
            }

            table comments {
              id      int64 primary auto
              user_id int64
              note_id int64 -> notes.id on delete restrict
              pin_id  int64? -> notes.id on delete set null
              index (note_id)
              index (pin_id)
              access { owner user_id }
            }
            """)
        try db.run("INSERT INTO notes (id, user_id) VALUES (1, 1), (2, 2);")
        let foreign = db.expectRejected("INSERT INTO comments (user_id, note_id) VALUES (2, 1);", prelude: Self.owner(2),
                                        containing: "violates foreign key constraint")
        let missing = db.expectRejected("INSERT INTO comments (user_id, note_id) VALUES (2, 99);", prelude: Self.owner(2),
                                        containing: "violates foreign key constraint")
        #expect(foreign.replacingOccurrences(of: "(2, 1)", with: "(2, 99)") == missing)
        // Within one owner references work, and set null clears only the reference.
        try db.run("INSERT INTO comments (user_id, note_id, pin_id) VALUES (2, 2, 2); INSERT INTO notes (id, user_id) VALUES (3, 2);"
                   + "UPDATE comments SET pin_id = 3; DELETE FROM notes WHERE id = 3;", prelude: Self.owner(2))
        #expect(try db.query("SELECT user_id, note_id, pin_id FROM comments;") == [["2", "2", "NULL"]])
        // Tenant 1 still deletes their own note.
        try db.run("DELETE FROM notes WHERE id = 1;", prelude: Self.owner(1))
        #expect(try db.column("SELECT id FROM notes ORDER BY id;") == ["2"])
    }

    /// The documented pattern sets the owner with `SET LOCAL`: it ends with the transaction, so
    /// the next borrower of a pooled connection sees nothing (a session `SET` leaked).
    @Test func ownerSetPerTransactionDoesNotLeakToTheNextUser() throws {
        let (db, schema) = try Self.setUp()
        try db.run("INSERT INTO notes (user_id, body) VALUES (1, 'one');")
        let counts = try db.column("""
            BEGIN;
            SET LOCAL app.current_owner = '1';
            SELECT count(*) FROM notes;
            COMMIT;
            SELECT count(*) FROM notes;
            """, role: "\(schema.name).editor")
        // psql prints both results: 1 inside the transaction, 0 after it.
        #expect(counts.joined(separator: "\n").split(separator: "\n") == ["1", "0"])
    }

    /// Other roles cannot connect, make temporary tables or create in schema public.
    @Test func publicKeepsNoDatabaseRights() throws {
        let (db, schema) = try Self.setUp()
        let outsider = "outsider_\(db.name)"
        try db.run("CREATE ROLE \(outsider) LOGIN;")
        defer { _ = try? db.run("DROP ROLE \(outsider);") }
        func rights(_ role: String) throws -> [String] {
            try db.query("""
                SELECT has_database_privilege('\(role)', current_database(), 'CONNECT'),
                       has_database_privilege('\(role)', current_database(), 'TEMPORARY'),
                       has_schema_privilege('\(role)', 'public', 'CREATE');
                """).first ?? []
        }
        #expect(try rights(outsider) == ["f", "f", "f"])
        #expect(try rights("\(schema.name).editor") == ["t", "f", "f"])
    }
}
