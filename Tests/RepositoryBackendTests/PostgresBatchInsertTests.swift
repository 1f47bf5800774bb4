import DiscordBotData
import DiscordBotPostgres
import SchemaGenPostgres
import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// `insertAll` on the server itself: how many statements a batch takes, owner scopes (the
/// repository's scope and the server's row-level security) and writer roles.
@Suite struct PostgresBatchInsertTests {
    /// A note of one owner: `id`, `owner`, `body`.
    struct Note: StoredRecord, Equatable {
        static let tableName = "notes"
        static let entityName = "notes"
        static let primaryKeyPositions = [0]
        let id: Int64, owner: String, body: String

        init(_ id: Int64, _ owner: String, _ body: String) { (self.id, self.owner, self.body) = (id, owner, body) }

        init(row: Row) throws {
            guard case .int(let id) = row[0], case .string(let owner) = row[1], case .string(let body) = row[2] else {
                throw RecordError.undecodable(entity: "notes", reason: "\(row)")
            }
            self.init(id, owner, body)
        }

        var row: Row { [.int(id), .string(owner), .string(body)] }
    }

    static let schema = StoreSchema(tables: [
        TableDefinition("notes", columns: [.init("id", .int), .init("owner", .string), .init("body", .string)], primaryKey: ["id"]),
    ])

    /// `notes` under row-level security by `app.current_owner`, counting its `INSERT` statements
    /// in `statements`, and an access as an application role (row-level security binds it).
    func notesDatabase() throws -> (database: PostgresDatabase, access: PostgresAccess) {
        let database = try PostgresDatabase(schema: "discord_bot")
        let role = "notes_batch_\(database.name)"
        try database.server.run("""
            CREATE TABLE notes (id bigint PRIMARY KEY, owner text NOT NULL, body text NOT NULL);
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY notes_owner ON notes USING (owner = NULLIF(current_setting('app.current_owner', true), ''));
            CREATE TABLE statements (n bigint NOT NULL);
            INSERT INTO statements VALUES (0);
            CREATE FUNCTION count_statement() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN UPDATE statements SET n = n + 1; RETURN NULL; END $$;
            CREATE TRIGGER notes_statements AFTER INSERT ON notes FOR EACH STATEMENT EXECUTE FUNCTION count_statement();
            CREATE ROLE \(role) LOGIN;
            GRANT CONNECT ON DATABASE \(database.name) TO \(role);
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO \(role);
            GRANT SELECT, UPDATE ON statements TO \(role);
            """, database: database.name)
        let access = try PostgresAccess.connect(url: "postgresql://\(role)@\(database.server.host):\(database.server.port)/\(database.name)",
                                                schema: Self.schema, maximumConnections: 1)
        return (database, access)
    }

    /// Rows of `notes` and the statement count, read by the superuser (no row-level security).
    func stored(_ database: PostgresDatabase) throws -> (notes: [[String]], statements: Int) {
        let notes = try database.query("SELECT id, owner, body FROM notes ORDER BY id")
        let count = try database.query("SELECT n FROM statements")
        return (notes, Int(count.first?.first ?? "") ?? -1)
    }

    @Test func aBatchIsOneStatementPerParameterLimitAndFillsTheOwnerOfItsScope() throws {
        let (database, access) = try notesDatabase()
        defer { access.close() }
        let owner = Scope(positions: [1], values: [.string("a")])
        let notes = [Note(1, "", "one"), Note(2, "a", "two"), Note(3, "", "three")]
        let inserted = try access.scoped(toOwner: "a").withTransaction { tx in
            try RecordOperations<Note>.insertAll(notes, in: tx, now: access.now, scope: owner)
        }
        #expect(inserted == [Note(1, "a", "one"), Note(2, "a", "two"), Note(3, "a", "three")])
        #expect(try stored(database) == ([["1", "a", "one"], ["2", "a", "two"], ["3", "a", "three"]], 1))

        // 3 parameters a note: 21,845 fit one statement, 25,000 take two.
        let many = (10..<25_010).map { Note(Int64($0), "a", "n\($0)") }
        let more = try access.scoped(toOwner: "a").withTransaction { tx in
            try RecordOperations<Note>.insertAll(many, in: tx, now: access.now, scope: owner)
        }
        #expect(more == many)
        let after = try stored(database)
        #expect(after.notes.count == 25_003 && after.statements == 3)
    }

    @Test func aNoteOfAnotherOwnerStoresNoneOfTheBatch() throws {
        let (database, access) = try notesDatabase()
        defer { access.close() }
        let owner = Scope(positions: [1], values: [.string("a")])
        let notes = [Note(1, "a", "one"), Note(2, "b", "two"), Note(3, "a", "three")]
        // The repository's scope refuses it before the server sees anything ...
        #expect(throws: RecordError.ownerMismatch(entity: "notes", expected: .string("a"), got: .string("b"))) {
            try access.scoped(toOwner: "a").withTransaction { tx in
                try RecordOperations<Note>.insertAll(notes, in: tx, now: access.now, scope: owner)
            }
        }
        #expect(try stored(database) == ([], 0))
        // ... and without one, the server's row-level security refuses the statement, as it refuses the note alone.
        #expect(throws: WriterRoleRefusal(role: nil, table: "notes", operation: .insert)) {
            try access.scoped(toOwner: "a").withTransaction { tx in
                try RecordOperations<Note>.insertAll(notes, in: tx, now: access.now, scope: nil)
            }
        }
        #expect(try stored(database).notes == [])
        // Inside a transaction block the refused batch is undone and the transaction goes on.
        try access.scoped(toOwner: "a").transaction { tx in
            _ = try tx.withTransaction { try $0.insert(Note(7, "a", "seven").row, into: "notes") }
            #expect(throws: WriterRoleRefusal(role: nil, table: "notes", operation: .insert)) {
                try tx.withTransaction { try RecordOperations<Note>.insertAll(notes, in: $0, now: access.now, scope: nil) }
            }
            _ = try tx.withTransaction { try $0.insert(Note(8, "a", "eight").row, into: "notes") }
        }
        #expect(try stored(database).notes == [["7", "a", "seven"], ["8", "a", "eight"]])
    }

    @Test func aModuleRoleBatchInsertsWhatItMayAndTheServerRefusesTheRest() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        let owner = try DiscordBotPostgresDatabase.connect(url: database.url)
        defer { owner.close() }
        try owner.registration.users.insert(User(userID: 1, username: "ann"))
        let moderation = try DiscordBotPostgresDatabase.connect(url: database.url, as: .moderation, maximumConnections: 1)
        defer { moderation.close() }
        let warnings = try moderation.moderation.warnings.insertAll((1...3).map { Warning(userID: 1, guildID: 7, moderatorID: 99, reason: "r\($0)") })
        #expect(warnings.map(\.id) == [1, 2, 3])
        #expect(try owner.warnings.all().all() == warnings)
        #expect(throws: WriterRoleRefusal(role: "discord_bot.moderation", table: "users", operation: .insert)) {
            try moderation.registration.users.insertAll([User(userID: 2, username: "bob"), User(userID: 3, username: "cid")])
        }
        #expect(try owner.users.count() == 1)
    }
}
