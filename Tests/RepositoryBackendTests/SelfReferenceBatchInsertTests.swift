import Foundation
import SchemaGenPostgres
import SchemaGenPostgresAccess
import SchemaGenRuntime
import Testing

/// A batch into a table with a foreign key to itself is inserted record by record on both
/// backends, so a record may name a parent stored before it but not one later in the batch: one
/// multi-row statement would accept that (PostgreSQL checks its foreign keys at the statement's
/// end), and one-by-one inserts, and the store, refuse it.
@Suite struct SelfReferenceBatchInsertTests {
    /// A node naming its parent node, or none.
    struct Node: StoredRecord, Equatable {
        static let tableName = "nodes"
        static let entityName = "nodes"
        static let primaryKeyPositions = [0]
        let id: Int64, parent: Int64?

        init(_ id: Int64, _ parent: Int64?) { (self.id, self.parent) = (id, parent) }

        init(row: Row) throws {
            guard case .int(let id) = row[0] else { throw RecordError.undecodable(entity: "nodes", reason: "\(row)") }
            self.init(id, row[1].intValue)
        }

        var row: Row { [.int(id), parent.map(StoreValue.int) ?? .null] }
    }

    static let schema = StoreSchema(tables: [
        TableDefinition("nodes", columns: [.init("id", .int), .init("parent", .int, nullable: true)], primaryKey: ["id"],
                        foreignKeys: [ForeignKeyDefinition("parent", columns: ["parent"], references: "nodes", ["id"])]),
    ])

    let directory = TemporaryDirectory()

    /// Runs `body` with a writer on a fresh `nodes` table of `backend`, one transaction per call.
    func withNodes(_ backend: Backend, _ body: (_ write: ((any TableWriter) throws -> Void) throws -> Void) throws -> Void) throws {
        switch backend {
        case .store:
            let store = try Store.open(at: directory.path, schema: Self.schema, options: StoreOptions(durability: .unsynced))
            defer { store.close() }
            try body { change in try store.write { try change($0) } }
        case .postgres:
            let database = try PostgresDatabase(schema: "discord_bot")
            try database.server.run("""
                CREATE TABLE nodes (id bigint PRIMARY KEY, parent bigint, CONSTRAINT parent FOREIGN KEY (parent) REFERENCES nodes (id));
                """, database: database.name)
            let access = try PostgresAccess.connect(url: database.url, schema: Self.schema, maximumConnections: 1)
            defer { access.close() }
            try body { change in try access.withTransaction { try change($0) } }
        }
    }

    @Test(arguments: Backend.allCases) func aRecordMayNameOnlyAParentBeforeIt(_ backend: Backend) throws {
        try withNodes(backend) { write in
            let chain = [Node(1, nil), Node(2, 1), Node(3, 2)]
            var inserted: [Node] = []
            try write { tx in inserted = try RecordOperations<Node>.insertAll(chain, in: tx, now: Date(), scope: nil) }
            #expect(inserted == chain)
            #expect(throws: StoreError.missingParent(table: "nodes", foreignKey: "parent", parentTable: "nodes", key: [.int(11)])) {
                try write { tx in _ = try RecordOperations<Node>.insertAll([Node(10, 11), Node(11, nil)], in: tx, now: Date(), scope: nil) }
            }
            var stored: [Node] = []
            try write { tx in stored = try tx.rows("nodes").map { try Node(row: $0) } }
            #expect(stored == chain)
        }
    }
}
