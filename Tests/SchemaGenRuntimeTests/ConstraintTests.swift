import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Guilds, members (unique name per guild, partial index of active members) and posts
/// (cascade from members), plus badges that restrict member deletion and notes that are set null.
let communitySchema = StoreSchema(tables: [
    TableDefinition("guilds", columns: [.init("id", .int), .init("name", .string)], primaryKey: ["id"], autoIncrement: true,
                    indexes: [IndexDefinition("byName", on: ["name"], unique: true)]),
    TableDefinition("members", columns: [.init("id", .int), .init("guild", .int), .init("name", .string), .init("xp", .int),
                                         .init("active", .bool), .init("email", .string, nullable: true)],
                    primaryKey: ["id"],
                    indexes: [IndexDefinition("byGuildName", on: ["guild", "name"], unique: true),
                              IndexDefinition("leaderboard", on: ["guild", .descending("xp")]),
                              IndexDefinition("active", on: ["xp"], where: .equals("active", .bool(true))),
                              IndexDefinition("email", on: ["email"], unique: true)],
                    foreignKeys: [ForeignKeyDefinition("guild", columns: ["guild"], references: "guilds", ["id"], onDelete: .cascade)]),
    TableDefinition("posts", columns: [.init("id", .int), .init("author", .int), .init("text", .string)], primaryKey: ["id"],
                    indexes: [IndexDefinition("byAuthor", on: ["author"])],
                    foreignKeys: [ForeignKeyDefinition("author", columns: ["author"], references: "members", ["id"], onDelete: .cascade)]),
    TableDefinition("badges", columns: [.init("id", .int), .init("holder", .int)], primaryKey: ["id"],
                    foreignKeys: [ForeignKeyDefinition("holder", columns: ["holder"], references: "members", ["id"], onDelete: .restrict)]),
    TableDefinition("notes", columns: [.init("id", .int), .init("about", .int, nullable: true)], primaryKey: ["id"],
                    indexes: [IndexDefinition("byAbout", on: ["about"])],
                    foreignKeys: [ForeignKeyDefinition("about", columns: ["about"], references: "members", ["id"], onDelete: .setNull)]),
], keyValueSpaces: ["cache"])

func member(_ id: Int64, guild: Int64, _ name: String, xp: Int64 = 0, active: Bool = true, email: String? = nil) -> Row {
    [.int(id), .int(guild), .string(name), .int(xp), .bool(active), email.map(StoreValue.string) ?? .null]
}

@Suite struct ConstraintTests {
    func openCommunity(_ dir: TemporaryDirectory) throws -> Store {
        let store = try Store.open(at: dir.store(), schema: communitySchema, options: fastOptions)
        try store.write { tx in
            #expect(try tx.insert([.null, .string("red")], into: "guilds") == [.int(1)])
            #expect(try tx.insert([.null, .string("blue")], into: "guilds") == [.int(2)])
            try tx.insert(member(1, guild: 1, "ann", xp: 50, email: "a@x"), into: "members")
            try tx.insert(member(2, guild: 1, "bob", xp: 70, active: false), into: "members")
            try tx.insert(member(3, guild: 2, "ann", xp: 10), into: "members")
        }
        return store
    }

    @Test func uniqueViolationsAreTypedAndChangeNothing() throws {
        let dir = TemporaryDirectory()
        let store = try openCommunity(dir)
        defer { store.close() }
        #expect(storeError { try store.write { try $0.insert(member(4, guild: 1, "ann"), into: "members") } }
                == .uniqueViolation(table: "members", index: "byGuildName", key: [.int(1), .string("ann")]))
        #expect(storeError { try store.write { try $0.insert(member(1, guild: 2, "zed"), into: "members") } }
                == .duplicatePrimaryKey(table: "members", key: [.int(1)]))
        #expect(storeError { try store.write { try $0.insert(member(5, guild: 2, "cy", email: "a@x"), into: "members") } }
                == .uniqueViolation(table: "members", index: "email", key: [.string("a@x")]))
        // Nulls never conflict in a unique index; updating a row to its own values is fine.
        try store.write { tx in
            try tx.insert(member(6, guild: 2, "dee"), into: "members")
            try tx.update(member(6, guild: 2, "dee", xp: 5), in: "members")
        }
        // A caught violation inside a transaction leaves the transaction usable and unchanged.
        try store.write { tx in
            #expect(throws: StoreError.uniqueViolation(table: "members", index: "byGuildName", key: [.int(1), .string("bob")])) {
                try tx.insert(member(7, guild: 1, "bob"), into: "members")
            }
            try tx.insert(member(7, guild: 1, "bo"), into: "members")
        }
        #expect(try store.snapshot.count("members") == 5)
        try store.snapshot.checkInvariants()
    }

    @Test func foreignKeysCascadeSetNullAndRestrict() throws {
        let dir = TemporaryDirectory()
        let store = try openCommunity(dir)
        defer { store.close() }
        #expect(storeError { try store.write { try $0.insert(member(9, guild: 42, "x"), into: "members") } }
                == .missingParent(table: "members", foreignKey: "guild", parentTable: "guilds", key: [.int(42)]))
        try store.write { tx in
            try tx.insert([.int(1), .int(1), .string("hi")], into: "posts")
            try tx.insert([.int(2), .int(1), .string("again")], into: "posts")
            try tx.insert([.int(3), .int(2), .string("bob here")], into: "posts")
            try tx.insert([.int(1), .int(1)], into: "notes")
            try tx.insert([.int(1), .int(3)], into: "badges")
        }
        // Deleting guild 1 cascades to members 1 and 2 and their posts; note 1 loses its member.
        try store.write { tx in _ = try tx.delete(primaryKey: [.int(1)], from: "guilds") }
        let s = store.snapshot
        #expect(try s.count("members") == 1)
        #expect(try s.count("posts") == 0)
        #expect(try s.get("notes", primaryKey: [.int(1)]) == [.int(1), .null])
        // Member 3 holds a badge: restrict blocks deleting it, and its guild, atomically.
        #expect(storeError { try store.write { try $0.delete(primaryKey: [.int(2)], from: "guilds") } }
                == .foreignKeyRestrict(table: "members", childTable: "badges", foreignKey: "holder"))
        #expect(try store.snapshot.count("guilds") == 1)
        #expect(try store.snapshot.count("members") == 1)
        try store.snapshot.checkInvariants()
    }

    @Test func partialAndCompoundIndexesAndScans() throws {
        let dir = TemporaryDirectory()
        let store = try openCommunity(dir)
        defer { store.close() }
        try store.write { tx in
            for i in 10..<40 { try tx.insert(member(Int64(i), guild: 2, "m\(i)", xp: Int64(i * 7 % 23), active: i % 2 == 0), into: "members") }
        }
        let s = store.snapshot
        let top = try s.scan("members", index: "leaderboard", prefix: [.int(2)], limit: 5)
        // The email index plus the key does not hold every column, so rows come from the primary tree.
        let byEmail = try s.scan("members", index: "email", prefix: [.string("a@x")]).first
        #expect(byEmail == (try s.get("members", primaryKey: [.int(1)])))
        let all = try s.scan("members").filter { $0[1] == .int(2) }.sorted { ($0[3].intValue!, -$0[0].intValue!) > ($1[3].intValue!, -$1[0].intValue!) }
        #expect(top.map { $0[3] } == Array(all.prefix(5)).map { $0[3] })
        let active = try s.scan("members", index: "active")
        #expect(active.allSatisfy { $0[4] == .bool(true) })
        let activeCount = try s.scan("members").filter { $0[4] == .bool(true) }.count
        #expect(active.count == activeCount)
        #expect(active.map { $0[3].intValue! } == active.map { $0[3].intValue! }.sorted())
        let ranged = try s.scan("members", index: "active", from: .inclusive([.int(5)]), to: .exclusive([.int(10)]), direction: .backward)
        #expect(ranged.map { $0[3].intValue! } == active.map { $0[3].intValue! }.filter { $0 >= 5 && $0 < 10 }.reversed())
        #expect(try s.get("members", index: "byGuildName", key: [.int(2), .string("m12")])?[0] == .int(12))
        #expect(try s.count("members", index: "leaderboard", prefix: [.int(2)]) == 31)
        try store.write { tx in try tx.update("members", primaryKey: [.int(10)], set: ["active": .bool(false)]) }
        #expect(try store.snapshot.scan("members", index: "active").contains { $0[0] == .int(10) } == false)
    }

    @Test func thrownErrorRollsBackEverything() throws {
        struct Abort: Error {}
        let dir = TemporaryDirectory()
        let store = try openCommunity(dir)
        defer { store.close() }
        let before = try dump(store.snapshot, tables: ["guilds", "members"])
        #expect(throws: Abort.self) {
            try store.write { tx in
                try tx.insert([.null, .string("green")], into: "guilds")
                try tx.delete(primaryKey: [.int(1)], from: "guilds")
                throw Abort()
            }
        }
        #expect(try dump(store.snapshot, tables: ["guilds", "members"]) == before)
        // Auto-increment ids continue after the highest ever used, across reopen.
        try store.write { tx in _ = try tx.insert([.null, .string("green")], into: "guilds") }
        try store.write { tx in _ = try tx.delete(primaryKey: [.int(3)], from: "guilds") }
        store.close()
        let reopened = try Store.open(at: dir.store(), schema: communitySchema, options: fastOptions)
        defer { reopened.close() }
        #expect(try reopened.write { try $0.insert([.null, .string("teal")], into: "guilds") } == [.int(4)])
    }

    @Test func invalidSchemasAndRowsAreRejected() throws {
        let dir = TemporaryDirectory()
        let bad = StoreSchema(tables: [TableDefinition("t", columns: [.init("a", .int)], primaryKey: ["b"])])
        #expect(storeError { _ = try Store.open(at: dir.store(), schema: bad) } == .invalidSchema("table 't' has no column 'b'"))
        let store = try openCommunity(dir)
        defer { store.close() }
        #expect(storeError { try store.write { try $0.insert([.int(1)], into: "guilds") } }
                == .invalidRow(table: "guilds", reason: "1 values for 2 columns"))
        #expect(storeError { try store.write { try $0.insert([.int(9), .int(3)], into: "guilds") } }
                == .invalidRow(table: "guilds", reason: "column 'name' expects \(ColumnType.string), got \(StoreValue.int(3))"))
        #expect(storeError { try store.write { try $0.insert([.int(9)], into: "nope") } } == .unknownTable("nope"))
        try store.write { _ = try $0.insert([.int(.max), .string("last")], into: "guilds") }
        #expect(storeError { try store.write { try $0.insert([.null, .string("next")], into: "guilds") } }
                == .invalidRow(table: "guilds", reason: "auto-increment ids are exhausted"))
    }
}

@Suite struct CoveringIndexTests {
    @Test func coveringIndexScansMatchRows() throws {
        let schema = StoreSchema(tables: [
            TableDefinition("scores", columns: [.init("id", .int), .init("guild", .int), .init("xp", .double), .init("name", .string, nullable: true)],
                            primaryKey: ["id"], indexes: [IndexDefinition("board", on: ["guild", .descending("xp"), "name"])]),
        ])
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: schema, options: fastOptions)
        defer { store.close() }
        var rng = SeededRandom(seed: 11)
        try store.write { tx in
            for i in 0..<500 {
                let name: StoreValue = Bool.random(using: &rng) ? .null : .string("n\u{0}\(Int.random(in: 0..<9, using: &rng))")
                try tx.insert([.int(Int64(i)), .int(Int64(i % 4)), .double(Double(Int.random(in: -50...50, using: &rng)) / 4), name], into: "scores")
            }
        }
        let s = store.snapshot
        for guild in 0..<4 {
            let viaIndex = try s.scan("scores", index: "board", prefix: [.int(Int64(guild))])
            let expected = try viaIndex.map { try s.get("scores", primaryKey: [$0[0]])! }
            #expect(viaIndex == expected)
            #expect(viaIndex.count == 125)
        }
    }

    @Test func coveringScanBuildsRowsFromTheIndexWithoutLookingThemUp() throws {
        let schema = StoreSchema(tables: [
            TableDefinition("scores", columns: [.init("id", .int), .init("guild", .int), .init("xp", .int)], primaryKey: ["id"],
                            indexes: [IndexDefinition("board", on: ["guild", .descending("xp")]), IndexDefinition("byGuild", on: ["guild"])]),
        ])
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: schema, options: fastOptions)
        defer { store.close() }
        try store.write { tx in for i in 0..<6 { try tx.insert([.int(Int64(i)), .int(Int64(i % 2)), .int(Int64(10 * i))], into: "scores") } }
        // The same state with every row gone from the primary tree but the indexes kept.
        var state = store.snapshot.state
        state.tables[0].primary = BTree()
        let bare = Snapshot(schema: store.schema, state: state)
        // "board" holds every column with the key: its scan needs no row, so it still answers.
        #expect(try bare.scan("scores", index: "board", prefix: [.int(1)])
                == [[.int(5), .int(1), .int(50)], [.int(3), .int(1), .int(30)], [.int(1), .int(1), .int(10)]])
        // "byGuild" lacks xp, so its scan must look each row up, and finds none.
        #expect(storeError { try bare.scan("scores", index: "byGuild", prefix: [.int(1)]) } == .danglingIndexEntry(table: "scores", index: "byGuild"))
    }
}
