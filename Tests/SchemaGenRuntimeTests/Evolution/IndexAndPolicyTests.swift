import Foundation
import Testing
@testable import SchemaGenRuntime

/// Indexes, foreign keys, transforms, policies, unknown versions and chains of steps.
@Suite struct IndexAndPolicyTests {
    static let chats = TableDefinition("chats", columns: [.init("id", .int), .init("title", .string)], primaryKey: ["id"])
    static let messages = TableDefinition("messages", columns: [.init("id", .int), .init("chat", .int), .init("text", .string)],
                                          primaryKey: ["id"], indexes: [IndexDefinition("byChat", on: ["chat"])])
    static let v1 = StoreSchema(tables: [chats, messages], keyValueSpaces: ["cache"])
    /// Messages 1…8 in chats 1…3; message 8 names chat 9, which does not exist.
    static let rows: [String: [Row]] = {
        let chats: [Row] = (1...3).map { i -> Row in [.int(Int64(i)), .string("chat \(i)")] }
        let messages: [Row] = (1...8).map { i -> Row in
            let chat: Int64 = i == 8 ? 9 : Int64(i % 3 + 1)
            let text: String = i % 4 == 0 ? "same" : "text \(i)"
            return [.int(Int64(i)), .int(chat), .string(text)]
        }
        return ["chats": chats, "messages": messages]
    }()

    static func withMessages(_ change: (inout TableDefinition) -> Void) -> StoreSchema {
        var m = messages
        change(&m)
        return StoreSchema(tables: [chats, m], keyValueSpaces: ["cache"])
    }

    @Test func addedIndexIsBuiltAndRewritesNoOtherTable() throws {
        let v2 = Self.withMessages { $0.indexes.append(IndexDefinition("byText", on: ["text", .descending("id")])) }
        var events: [StoreMigrationProgress] = []
        let dir = TemporaryDirectory()
        try Evolution.write(Self.v1, Self.rows, at: dir.store())
        let store = try Store.open(at: dir.store(), evolution: Evolution.chain([Self.v1, v2], [step()]), options: fastOptions,
                                   progress: { events.append($0) })
        defer { store.close() }
        #expect(events == [StoreMigrationProgress(version: 2, table: "messages", rowsDone: 0, rowsTotal: 8),
                           StoreMigrationProgress(version: 2, table: "messages", rowsDone: 8, rowsTotal: 8)])
        #expect(try store.snapshot.scan("messages", index: "byText", prefix: [.string("same")]).map { $0[0] } == [.int(8), .int(4)])
        try store.snapshot.checkInvariants()
        // The step itself: the rows of both tables and the old index keep their trees (the same
        // nodes); only the new index is built.
        let scratch = TemporaryDirectory()
        let old = try Store.open(at: scratch.store(), schema: Self.v1, options: fastOptions)
        defer { old.close() }
        try old.write { tx in
            for t in ["chats", "messages"] { for row in Self.rows[t]!.dropLast(t == "messages" ? 1 : 0) { try tx.insert(row, into: t) } }
        }
        let oldState = old.snapshot.state
        let runner = VersionStepRunner(version: 2, old: try ResolvedSchema(Self.v1), new: try ResolvedSchema(v2), step: step(),
                                       transforms: [:], progress: nil)
        let state = try runner.run(oldState)
        #expect(state.tables[0].primary.root === oldState.tables[0].primary.root)
        #expect(state.tables[1].primary.root === oldState.tables[1].primary.root)
        #expect(state.tables[1].indexes[0].root === oldState.tables[1].indexes[0].root)
        #expect(state.tables[1].indexes[1].count == 7)
    }

    @Test func droppedIndexAndDroppedTTLSpaceMigrate() throws {
        var v2 = Self.withMessages { $0.indexes = [] }
        v2.keyValueSpaces = []
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, step())
        #expect(result == Self.rows)
    }

    @Test func uniqueIndexThatRowsViolateListsTheDuplicates() throws {
        let v2 = Self.withMessages { $0.indexes.append(IndexDefinition("uniqueText", on: ["text"], unique: true)) }
        let error = try Evolution.refusal(Self.v1, Self.rows, to: v2, step())
        #expect(error == .migrationFailed(version: 2, failures: [4, 8].map {
            MigrationFailure(table: "messages", column: "text", primaryKey: "\($0)",
                             reason: "unique index 'uniqueText' has the duplicate key (\"same\")")
        }, omitted: [:]))
    }

    @Test func addedForeignKeyListsOrphans() throws {
        let v2 = Self.withMessages { $0.foreignKeys = [ForeignKeyDefinition("chat", columns: ["chat"], references: "chats", ["id"])] }
        let error = try Evolution.refusal(Self.v1, Self.rows, to: v2, step())
        #expect(error == .migrationFailed(version: 2, failures: [
            MigrationFailure(table: "messages", column: "chat", primaryKey: "8",
                             reason: "foreign key 'chat' references (9), which table 'chats' does not have"),
        ], omitted: [:]))
        var rows = Self.rows
        rows["messages"]!.removeLast()
        #expect(try Evolution.migrate(Self.v1, rows, to: v2, step()) == rows)
    }

    @Test func transformIsRequiredAndComputesTheRow() throws {
        let v2 = Self.withMessages { $0.columns.append(.init("length", .int)) }
        let s = step(columns: ["messages": ["length": .transform]])
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, s) == .missingTransform(version: 2, table: "messages"))
        let length = StoreTransform(toVersion: 2, table: "messages") { old, new in
            var row = new
            row["length"] = .int(Int64(old["text"]!.stringValue!.count))
            return row
        }
        let result = try Evolution.migrate(Self.v1, Self.rows, to: v2, s, transforms: [length])
        #expect(result["messages"] == Self.rows["messages"]!.map { $0 + [.int(Int64($0[2].stringValue!.count))] })
        let wrong = StoreTransform(toVersion: 2, table: "messages") { _, new in new }
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, s, transforms: [wrong])
                == .migrationFailed(version: 2, failures: (1...8).map {
                    MigrationFailure(table: "messages", column: "length", primaryKey: "\($0)",
                                     reason: "the transform's value is null, and the column is required")
                }, omitted: [:]))
    }

    @Test func unknownVersionIsRefusedNamingTheDifference() throws {
        let other = Self.withMessages { $0.columns[2] = .init("body", .string) }
        let v2 = Self.withMessages { $0.columns.append(.init("edited", .bool, nullable: true)) }
        let dir = TemporaryDirectory()
        try Evolution.write(other, Self.rows, at: dir.store())
        let before = try Evolution.files(dir.store())
        let error = storeError { try Store.open(at: dir.store(), evolution: Evolution.chain([Self.v1, v2], [step()]), options: fastOptions) }
        #expect(error == .unknownStoreVersion("table 'messages' changed its columns (column 'text' is new, column 'edited' is new, column 'body' was removed)"))
        #expect(try Evolution.files(dir.store()) == before)
    }

    @Test func stepNamingWhatTheVersionsLackIsRefusedBeforeAnythingRuns() throws {
        let v2 = Self.withMessages { $0.columns[2] = .init("body", .string) }
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, step(columns: ["messages": ["body": .column("txt", whenNull: nil)]]))
                == .invalidSchema("the step to version 2 takes column 'messages.body' from 'txt', which the old table does not have"))
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, step(tables: ["notes": nil]))
                == .invalidSchema("the step to version 2 names table 'notes', which the new version does not have"))
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, step(enums: ["Mood": ["a": "b"]]))
                == .invalidSchema("the step to version 2 renames cases of enum 'Mood', which the new version does not have"))
    }

    @Test func refusePolicyRefusesAnOlderStore() throws {
        let v2 = Self.withMessages { $0.indexes = [] }
        #expect(try Evolution.refusal(Self.v1, Self.rows, to: v2, step(), policy: .refuse)
                == .migrationRefused(storedVersion: 1, currentVersion: 2))
    }

    @Test func chainOfStepsRunsFromTheStoredVersion() throws {
        let v2 = Self.withMessages { $0.columns[2] = .init("body", .string) }
        let v3 = Self.withMessages {
            $0.columns = [.init("id", .int), .init("chat", .int), .init("body", .string), .init("pinned", .bool)]
        }
        let evolution = Evolution.chain([Self.v1, v2, v3], [step(columns: ["messages": ["body": .column("text", whenNull: nil)]]),
                                                             step(columns: ["messages": ["pinned": .fill(.bool(false))]])])
        for start in [Self.v1, v2] {
            let dir = TemporaryDirectory()
            try Evolution.write(start, Self.rows, at: dir.store())
            let store = try Store.open(at: dir.store(), evolution: evolution, options: fastOptions)
            #expect(try dump(store.snapshot, tables: ["chats", "messages"])
                    == ["chats": Self.rows["chats"]!, "messages": Self.rows["messages"]!.map { $0 + [.bool(false)] }])
            store.close()
            _ = try Store.verify(at: dir.store(), schema: v3)
        }
    }

    @Test func currentAndNewStoresOpenWithoutMigrating() throws {
        let evolution = Evolution.chain([Self.v1], [])
        let dir = TemporaryDirectory()
        let created = try Store.open(at: dir.store(), evolution: evolution, options: fastOptions, migration: .refuse)
        try created.write { tx in try tx.insert([.int(1), .string("a")], into: "chats") }
        created.close()
        let reopened = try Store.open(at: dir.store(), evolution: evolution, options: fastOptions, migration: .refuse)
        defer { reopened.close() }
        #expect(try reopened.snapshot.scan("chats") == [[.int(1), .string("a")]])
        #expect(reopened.recoveryReport.replayedTransactions == 1)
    }

    @Test func ttlEntriesSurviveAMigration() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.v1, options: fastOptions)
        try store.ttlSpace("cache").set(Array("k".utf8), Array("v".utf8), ttl: nil)
        store.close()
        let v2 = Self.withMessages { $0.indexes = [] }
        let migrated = try Store.open(at: dir.store(), evolution: Evolution.chain([Self.v1, v2], [step()]), options: fastOptions)
        defer { migrated.close() }
        #expect(try migrated.ttlSpace("cache").get(Array("k".utf8)) == Array("v".utf8))
    }
}
