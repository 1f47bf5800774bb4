import SchemaEmitters
import SchemaLanguage
import Testing

/// Migrations that fail change nothing, and rebuilds keep what hangs off a table. On SQLite,
/// child rows whose foreign keys cascade or set null on delete survive a parent's rebuild (keys
/// are off while the old table is dropped), and a rebuild that would leave a dangling key rolls
/// back whole.
@Suite("Migration safety")
struct MigrationSafetyTests {
    @Test func childRowsSurviveAParentRebuild() throws {
        let db = try SQLTestDatabase.fresh(.sqlite)
        let old = try SeedSchemas.compile(MigrationCorpus.base, path: "old.schema")
        let widened = MigrationCorpus.base.replacingOccurrences(of: "  name       string(100)\n", with: "  name       string(200)\n")
        let new = try SeedSchemas.compile(widened, path: "new.schema")
        let diff = try #require(SchemaDiff.compare(old, new).diff)
        let up = diff.migration(for: .sqlite).render()
        #expect(up.contains("CREATE TABLE \"new_guilds\""), "the change must rebuild the parent table")
        try db.run(SQLEmitter().ddl(old, for: .sqlite))
        try db.run(SampleRows(schema: old, dialect: .sqlite).inserts())
        try db.run(up)
        #expect(try db.column("SELECT count(*) FROM users") == ["2"])
        #expect(try db.column("SELECT count(*) FROM notes") == ["2"])
        #expect(try db.column("SELECT count(*) FROM pragma_foreign_key_check") == ["0"])
    }

    @Test func aRebuildThatWouldBreakAForeignKeyChangesNothing() throws {
        let db = try SQLTestDatabase.fresh(.sqlite)
        let old = try SeedSchemas.compile(MigrationCorpus.base, path: "old.schema")
        let retargeted = MigrationCorpus.base.replacingOccurrences(
            of: "  author_id  int64?\n", with: "  author_id  int64? -> guilds.guild_id on delete set null\n")
        let new = try SeedSchemas.compile(retargeted, path: "new.schema")
        let diff = try #require(SchemaDiff.compare(old, new).diff)
        try db.run(SQLEmitter().ddl(old, for: .sqlite))
        try db.run(SampleRows(schema: old, dialect: .sqlite).inserts())
        try db.run("UPDATE notes SET author_id = 99;")  // no guild 99
        let error = db.expectRejected(diff.migration(for: .sqlite).render(), containing: "CHECK constraint failed")
        #expect(error.contains("violations = 0"))
        #expect(try db.column("SELECT sql LIKE '%REFERENCES%guilds%' FROM sqlite_master WHERE name = 'notes'") == ["0"])
        #expect(try db.column("SELECT count(*) FROM notes WHERE author_id = 99") == ["2"])
    }

    /// On PostgreSQL the body is one transaction: a data-dependent step that fails on existing
    /// rows leaves the database as it was (the rename before it is rolled back too).
    @Test func postgresDataDependentFailureChangesNothing() throws {
        let db = try SQLTestDatabase.fresh(.postgres)
        let old = SQLTestSupport.isolated(try SeedSchemas.compile(MigrationCorpus.base, path: "old.schema"), database: db.name)
        let required = MigrationCorpus.base
            .replacingOccurrences(of: "  seen_at    timestamp?\n", with: "  seen_at    timestamp\n")
            .replacingOccurrences(of: "table notes {", with: "table memos was notes {")
        let new = SQLTestSupport.isolated(try SeedSchemas.compile(required, path: "new.schema"), database: db.name)
        let diff = try #require(SchemaDiff.compare(old, new).diff)
        try db.run(SQLEmitter().ddl(old, for: .postgres))
        try db.run(SampleRows(schema: old, dialect: .postgres).inserts())
        try db.run("UPDATE users SET seen_at = NULL;")
        let before = try MigrationCatalog.read(db)
        db.expectRejected(diff.migration(for: .postgres).render(), containing: "contains null values")
        let after = try MigrationCatalog.read(db)
        #expect(after == before, "\(after.differences(from: before))")
    }
}
