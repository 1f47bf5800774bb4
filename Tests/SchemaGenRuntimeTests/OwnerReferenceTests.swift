import Foundation
import Testing
@testable import SchemaGenRuntime

/// A record of one owner may only reference parents of that owner: another owner's parent is
/// refused exactly like a missing one, on insert and on update.
@Suite struct OwnerReferenceTests {
    struct Note: StoredRecord {
        static let tableName = "notes"
        static let entityName = "notes"
        static let primaryKeyPositions = [0]
        var id: Int64, userID: Int64
        init(id: Int64, userID: Int64) { (self.id, self.userID) = (id, userID) }
        init(row: Row) throws { (id, userID) = (row[0].intValue!, row[1].intValue!) }
        var row: Row { [.int(id), .int(userID)] }
        mutating func applyInsertDefaults(now: Date) {}
        mutating func applyWriteTimestamps(now: Date, previous: Self) {}
        mutating func keepInsertDefaults(from existing: Note) {}
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
    }

    struct Comment: StoredRecord {
        static let tableName = "comments"
        static let entityName = "comments"
        static let primaryKeyPositions = [0]
        static let ownerReferences = [OwnerReference(foreignKey: "fk_comments_note_id", column: 2, ownerPosition: 1,
                                                     parentTable: "notes", parentIndex: nil, parentOwnerPosition: 1)]
        var id: Int64, userID: Int64, noteID: Int64?
        init(id: Int64, userID: Int64, noteID: Int64?) { (self.id, self.userID, self.noteID) = (id, userID, noteID) }
        init(row: Row) throws { (id, userID, noteID) = (row[0].intValue!, row[1].intValue!, row[2].intValue) }
        var row: Row { [.int(id), .int(userID), noteID.map(StoreValue.int) ?? .null] }
        mutating func applyInsertDefaults(now: Date) {}
        mutating func applyWriteTimestamps(now: Date, previous: Self) {}
        mutating func keepInsertDefaults(from existing: Comment) {}
        func collectFailures(at path: String, into failures: inout [ValidationFailure]) {}
    }

    static let schema = StoreSchema(tables: [
        TableDefinition("notes", columns: [.init("id", .int), .init("user_id", .int)], primaryKey: ["id"]),
        TableDefinition("comments", columns: [.init("id", .int), .init("user_id", .int), .init("note_id", .int, nullable: true)],
                        primaryKey: ["id"],
                        foreignKeys: [ForeignKeyDefinition("fk_comments_note_id", columns: ["note_id"], references: "notes", ["id"])]),
    ])

    @Test func referencesStayWithinOneOwner() throws {
        let directory = TemporaryDirectory()
        let store = try Store.open(at: directory.store(), schema: Self.schema, options: fastOptions)
        defer { store.close() }
        let now = Date()
        try store.write { tx in
            _ = try RecordOperations<Note>.insert(Note(id: 1, userID: 1), in: tx, now: now, scope: nil)
            _ = try RecordOperations<Note>.insert(Note(id: 2, userID: 2), in: tx, now: now, scope: nil)
        }
        func insert(_ comment: Comment) -> StoreError? {
            storeError { try store.write { tx in try RecordOperations<Comment>.insert(comment, in: tx, now: now, scope: nil) } }
        }
        // Owner 2 pointing at owner 1's note fails exactly as pointing at no note.
        #expect(insert(Comment(id: 1, userID: 2, noteID: 1))
                == .missingParent(table: "comments", foreignKey: "fk_comments_note_id", parentTable: "notes", key: [.int(1)]))
        #expect(insert(Comment(id: 1, userID: 2, noteID: 99))
                == .missingParent(table: "comments", foreignKey: "fk_comments_note_id", parentTable: "notes", key: [.int(99)]))
        #expect(insert(Comment(id: 1, userID: 2, noteID: 2)) == nil)
        #expect(insert(Comment(id: 2, userID: 2, noteID: nil)) == nil)
        // An update cannot move the reference to another owner's note either.
        let moved = storeError {
            try store.write { tx in try RecordOperations<Comment>.update(Comment(id: 1, userID: 2, noteID: 1), in: tx, now: now, scope: nil) }
        }
        #expect(moved == .missingParent(table: "comments", foreignKey: "fk_comments_note_id", parentTable: "notes", key: [.int(1)]))
        // Owner 1 still deletes their own note.
        #expect(try store.write { tx in try tx.delete(primaryKey: [.int(1)], from: "notes") })
    }
}
