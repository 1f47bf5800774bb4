import SchemaGenPostgres
import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// The owner of a scoped `PostgresAccess` reaches the server's row-level security through
/// `SET LOCAL app.current_owner`, per transaction: a pooled connection never carries it on.
@Suite struct PostgresOwnerScopeTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("notes", columns: [.init("id", .int), .init("owner", .string), .init("body", .string)], primaryKey: ["id"]),
    ])

    @Test func ownerIsSetPerTransactionAndNeverLeaksToTheNextUserOfTheConnection() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        // RLS binds every role but the table's owner and superusers: connect as an application role.
        let role = "notes_app_\(database.name)"
        try database.server.run("""
            CREATE TABLE notes (id bigint PRIMARY KEY, owner text NOT NULL, body text NOT NULL);
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY notes_owner ON notes USING (owner = NULLIF(current_setting('app.current_owner', true), ''));
            CREATE ROLE \(role) LOGIN;
            GRANT CONNECT ON DATABASE \(database.name) TO \(role);
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO \(role);
            INSERT INTO notes VALUES (1, 'a', 'one'), (2, 'b', 'two'), (3, 'a', 'three');
            """, database: database.name)
        // One connection, so every transaction below reuses the same server session.
        let access = try PostgresAccess.connect(url: "postgresql://\(role)@\(database.server.host):\(database.server.port)/\(database.name)",
                                                schema: Self.schema, maximumConnections: 1)
        defer { access.close() }
        func ids(_ access: PostgresAccess) throws -> [Int64] {
            try access.withSnapshot { reader in
                try reader.rows("notes").map { row -> Int64 in
                    guard case .int(let id) = row[0] else { return -1 }
                    return id
                }
            }
        }
        #expect(try ids(access.scoped(toOwner: "a")) == [1, 3])
        #expect(try ids(access) == [])
        #expect(try ids(access.scoped(toOwner: "b")) == [2])
        #expect(try ids(access) == [])
        // Writes go through the same policy: a row of the scope's owner is accepted, another owner's refused.
        let key = try access.scoped(toOwner: "a").withTransaction { try $0.insert([.int(4), .string("a"), .string("four")], into: "notes") }
        #expect(key == [.int(4)])
        #expect(try ids(access.scoped(toOwner: "a")) == [1, 3, 4])
        #expect(throws: WriterRoleRefusal(role: nil, table: "notes", operation: .insert)) {
            try access.scoped(toOwner: "a").withTransaction { try $0.insert([.int(5), .string("b"), .string("five")], into: "notes") }
        }
        #expect(try ids(access.scoped(toOwner: "b")) == [2])
    }
}
