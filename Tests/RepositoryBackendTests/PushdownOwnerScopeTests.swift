import Foundation
import SchemaGenPostgres
import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// Owner scopes still hold when a query runs on the server: the statement's `WHERE` carries the
/// query's scope and the server's row-level security (`SET LOCAL app.current_owner`) its own,
/// so a scoped, filtered query returns the rows the store's scope check and filter admit.
@Suite struct PushdownOwnerScopeTests {
    /// A note of one owner: `id`, `owner`, `body`, `stars` (nullable).
    struct Note: StoredRecord, Equatable {
        static let tableName = "notes"
        static let entityName = "notes"
        static let primaryKeyPositions = [0]
        let id: Int64, owner: String, body: String, stars: Int64?

        init(_ id: Int64, _ owner: String, _ body: String, _ stars: Int64?) {
            (self.id, self.owner, self.body, self.stars) = (id, owner, body, stars)
        }

        init(row: Row) throws {
            guard case .int(let id) = row[0], case .string(let owner) = row[1], case .string(let body) = row[2] else {
                throw RecordError.undecodable(entity: "notes", reason: "\(row)")
            }
            self.init(id, owner, body, row[3].intValue)
        }

        var row: Row { [.int(id), .string(owner), .string(body), stars.map(StoreValue.int) ?? .null] }
    }

    static let schema = StoreSchema(tables: [
        TableDefinition("notes", columns: [.init("id", .int), .init("owner", .string), .init("body", .string),
                                           .init("stars", .int, nullable: true)], primaryKey: ["id"]),
    ])

    static let notes = [Note(1, "a", "one", 3), Note(2, "b", "two", 5), Note(3, "a", "three", nil), Note(4, "a", "four", 9),
                        Note(5, "b", "five", nil), Note(6, "ab", "six", 1)]

    @Test func scopedFilteredQueriesOnTheServerReturnTheScopesRowsOnly() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        let role = "notes_push_\(database.name)"
        let values = Self.notes.map { "(\($0.id), '\($0.owner)', '\($0.body)', \($0.stars.map(String.init) ?? "NULL"))" }
        try database.server.run("""
            CREATE TABLE notes (id bigint PRIMARY KEY, owner text NOT NULL, body text NOT NULL, stars bigint);
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY notes_owner ON notes USING (owner = NULLIF(current_setting('app.current_owner', true), ''));
            CREATE ROLE \(role) LOGIN;
            GRANT CONNECT ON DATABASE \(database.name) TO \(role);
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT ON notes TO \(role);
            INSERT INTO notes VALUES \(values.joined(separator: ", "));
            """, database: database.name)
        let access = try PostgresAccess.connect(url: "postgresql://\(role)@\(database.server.host):\(database.server.port)/\(database.name)",
                                                schema: Self.schema, maximumConnections: 1)
        defer { access.close() }
        let stars = QueryField<Note, Int64?>(position: 3, name: "stars")
        let filter: QueryFilter<Note> = !(stars > 4) || stars.isNull
        let counter = ScanCounter()
        func query(server owner: String, scope: String) -> Query<Note, CountingAccess<PostgresAccess>> {
            Query(access: CountingAccess(base: access.scoped(toOwner: owner), counter: counter), planning: filter, order: .reverse,
                  scope: Scope(positions: [1], values: [.string(scope)]))
        }
        // What the store's scope check and filter admit, in reverse key order.
        let expected = Self.notes.reversed().filter { $0.owner == "a" && filter.matches($0.row) }
        #expect(expected.map(\.id) == [3, 1])
        #expect(try query(server: "a", scope: "a").all() == expected)
        #expect(try query(server: "a", scope: "a").count() == 2)
        #expect(try query(server: "a", scope: "a").group(by: QueryField<Note, String>(position: 1, name: "owner")).count().map(\.value) == [2])
        // The server's owner and the query's scope both hold: another owner's rows never come back.
        #expect(try query(server: "a", scope: "b").all().isEmpty)
        #expect(try query(server: "b", scope: "a").count() == 0)
        #expect(counter.rowsScanned == 0)
        #expect(counter.pushed == 5)
    }
}
