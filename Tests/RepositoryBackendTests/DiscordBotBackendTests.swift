import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// What the Discord tests need of a database, whichever the backend: the repositories, and
/// `read`/`write` blocks over several of them. Both generated facades conform as they are.
protocol DiscordBotBackendDatabase: DiscordBotTables where Access: RootAccess {
    associatedtype WriteView: DiscordBotTables where WriteView.Access: RootAccess
    associatedtype ReadView: DiscordBotTables
    @discardableResult
    func write<T>(_ body: (WriteView) throws -> T) throws -> T
    func read<T>(_ body: (ReadView) throws -> T) throws -> T
}

extension DiscordBotDatabase: DiscordBotBackendDatabase {}
extension DiscordBotPostgresDatabase: DiscordBotBackendDatabase {}

/// Seed 001 (discord_bot): one test body per scenario, run on the embedded store and on
/// PostgreSQL (the generated DDL applied to a fresh database), expecting the same results and
/// the same errors on both.
@Suite struct DiscordBotBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// Runs `body` on a fresh database on `backend`.
    func withDatabase(_ backend: Backend, _ body: (any DiscordBotBackendDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(schema: "discord_bot")
            let db = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db)
        }
    }

    /// Users, a guild and memberships with xp and coins.
    static func seed(_ db: some DiscordBotBackendDatabase) throws {
        try db.write { tx in
            try tx.setup.guildConfig.insert(GuildConfig(guildID: 1))
            for (id, name, xp, coins) in [(10, "ann", 500, 30), (11, "bob", 900, 10), (12, "cid", 100, 70)] as [(Int64, String, Int32, Int32)] {
                try tx.registration.users.insert(User(userID: id, username: name, globalXP: xp * 2))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: id, guildID: 1, xp: xp, coins: coins))
            }
        }
    }

    @Test(arguments: Backend.allCases) func userAndGuildStats(_ backend: Backend) throws {
        try withDatabase(backend) { db in try userAndGuildStats(db) }
    }

    func userAndGuildStats(_ db: some DiscordBotBackendDatabase) throws {
        try Self.seed(db)
        let user = try #require(try db.users.get(userID: 11))
        #expect(user.username == "bob" && user.globalXP == 1800 && user.globalLevel == 1 && user.lastSeen == clock.now)
        // ORDER BY global_xp DESC: the index's descending column.
        #expect(try db.users.byGlobalXP().fetch(limit: 10).items.map(\.username) == ["bob", "ann", "cid"])
        #expect(try db.users.byLastSeen(lastSeen: .before(clock.now.addingTimeInterval(-90 * 86_400))).count() == 0)
        #expect(try db.users.byLastSeen(lastSeen: .before(clock.now.addingTimeInterval(86_400))).count() == 3)
        // The join through the unique key, on one snapshot.
        let stats = try db.read { snapshot -> (String, Int32?)? in
            guard let member = try snapshot.guildMembers.get(userID: 10, guildID: 1),
                  let user = try snapshot.users.get(userID: member.userID) else { return nil }
            return (user.username, member.coins)
        }
        #expect(stats?.0 == "ann" && stats?.1 == 30)
        #expect(try db.guildMembers.byGuildIDXP(guildID: 1).fetch(limit: 10).items.map(\.userID) == [11, 10, 12])
        #expect(try db.guildMembers.byGuildIDCoins(guildID: 1).first()?.userID == 12)
        #expect(try db.guildMembers.byGuildIDXP(guildID: 2).fetch(limit: 10).items.isEmpty)
        let config = try #require(try db.guildConfig.get(guildID: 1))
        #expect(config.prefix == "!" && config.xpEnabled == true && config.updatedAt == clock.now)
        // The unique (user_id, guild_id) is the same typed error on both backends; nothing is written.
        #expect(throws: StoreError.uniqueViolation(table: "guild_members", index: "uq_guild_members_user_id_guild_id", key: [.int(10), .int(1)])) {
            try db.memberEvents.guildMembers.insert(GuildMember(userID: 10, guildID: 1))
        }
        #expect(try db.guildMembers.count() == 3)
        try db.memberEvents.guildMembers.insert(GuildMember(userID: 10, guildID: 2))
        try db.guildEvents.guildConfig.delete(guildID: 1)
        #expect(try db.guildMembers.count() == 4)
        #expect(try db.guildMembers.byGuildID(guildID: 1).count() == 3)
    }

    @Test(arguments: Backend.allCases) func insertGetUpdateDeleteAndForeignKeys(_ backend: Backend) throws {
        try withDatabase(backend) { db in try insertGetUpdateDeleteAndForeignKeys(db) }
    }

    func insertGetUpdateDeleteAndForeignKeys(_ db: some DiscordBotBackendDatabase) throws {
        try Self.seed(db)
        // Insert assigns the auto-increment key; get and update by it.
        let member = try db.memberEvents.guildMembers.insert(GuildMember(userID: 12, guildID: 2, xp: 5))
        #expect(member.id > 0 && member.joinedAt == clock.now)
        #expect(try db.guildMembers.get(id: member.id) == member)
        clock.advance(days: 1)
        let raised = try db.xp.guildMembers.update(id: member.id) { $0.xp = 50 }
        #expect(raised?.xp == 50 && raised?.joinedAt == member.joinedAt)
        #expect(try db.guildMembers.get(id: member.id)?.xp == 50)
        #expect(try db.xp.guildMembers.update(id: 9_999) { $0.xp = 1 } == nil)
        // on update now: `updated_at` follows the clock, `created_at` stays.
        let config = try db.admin.guildConfig.update(guildID: 1) { $0.prefix = "?" }
        #expect(config?.prefix == "?" && config?.updatedAt == clock.now && config?.createdAt == clock.now - 86_400)
        // Upsert and getOrCreate find the stored row by its key.
        let again = try db.setup.guildConfig.getOrCreate(GuildConfig(guildID: 1, prefix: "!!"))
        #expect(again.created == false && again.record.prefix == "?")
        let upserted = try db.setup.guildConfig.upsert(GuildConfig(guildID: 1, prefix: "$"))
        #expect(upserted.prefix == "$" && upserted.createdAt == config?.createdAt)
        #expect(try db.setup.guildConfig.getOrCreate(GuildConfig(guildID: 3)).created)
        // A member of a user that does not exist: the foreign key, as the store's error.
        #expect(throws: StoreError.missingParent(table: "guild_members", foreignKey: "fk_guild_members_user_id", parentTable: "users", key: [.int(999)])) {
            try db.memberEvents.guildMembers.insert(GuildMember(userID: 999, guildID: 1))
        }
        // Deleting a user cascades to their memberships.
        #expect(try db.guildMembers.byUserID(userID: 12).count() == 2)
        #expect(try db.gdpr.users.delete(userID: 12))
        #expect(try db.guildMembers.byUserID(userID: 12).count() == 0)
        #expect(try db.guildMembers.get(id: member.id) == nil)
        #expect(try db.gdpr.users.delete(userID: 12) == false)
        #expect(try db.users.count() == 2)
    }

    @Test(arguments: Backend.allCases) func transactionsAreAllOrNothing(_ backend: Backend) throws {
        try withDatabase(backend) { db in try transactionsAreAllOrNothing(db) }
    }

    struct Abandon: Error {}

    func transactionsAreAllOrNothing(_ db: some DiscordBotBackendDatabase) throws {
        try Self.seed(db)
        #expect(throws: Abandon.self) {
            try db.write { tx in
                try tx.registration.users.insert(User(userID: 20, username: "dee"))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: 20, guildID: 1))
                throw Abandon()
            }
        }
        #expect(try db.users.get(userID: 20) == nil)
        #expect(try db.guildMembers.count() == 3)
        // A write that fails inside a transaction changes nothing; the transaction goes on.
        let kept = try db.write { tx -> Int in
            do {
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: 10, guildID: 1))
                Issue.record("the duplicate member was inserted")
            } catch StoreError.uniqueViolation(let table, _, _) {
                #expect(table == "guild_members")
            }
            try tx.registration.users.insert(User(userID: 21, username: "eve"))
            // Reads inside the transaction see its writes.
            return try tx.users.count()
        }
        #expect(kept == 4)
        #expect(try db.users.get(userID: 21)?.username == "eve")
    }

    @Test(arguments: Backend.allCases) func indexPrefixQueriesPageInTheStoreOrder(_ backend: Backend) throws {
        try withDatabase(backend) { db in try indexPrefixQueriesPageInTheStoreOrder(db) }
    }

    func indexPrefixQueriesPageInTheStoreOrder(_ db: some DiscordBotBackendDatabase) throws {
        // More members than one keyset batch of the PostgreSQL reader, with repeated and null xp
        // (nulls sort lowest: last in a descending index).
        try db.write { tx in
            for id in 1...300 as ClosedRange<Int64> {
                try tx.registration.users.insert(User(userID: id, username: "u\(id)"))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: id, guildID: id % 3 == 0 ? 2 : 1,
                                                                    xp: id % 5 == 0 ? nil : Int32(id % 13), coins: Int32(id)))
            }
        }
        let query = db.guildMembers.byGuildIDXP(guildID: 1)
        let everything = try query.all()
        #expect(everything.count == 200)
        // Descending xp, nulls last, ties by primary key: the store's index order.
        let expected = everything.sorted { a, b in
            switch (a.xp, b.xp) {
            case let (x?, y?): x != y ? x > y : a.id < b.id
            case (nil, nil): a.id < b.id
            case (.some, nil): true
            case (nil, .some): false
            }
        }
        #expect(everything.map(\.id) == expected.map(\.id))
        // Pages of 70 resume exactly after the cursor, forward and reversed.
        var paged: [Int64] = []
        var cursor: PageCursor?
        repeat {
            let page = try query.fetch(limit: 70, after: cursor)
            paged += page.items.map(\.id)
            cursor = page.next
        } while cursor != nil
        #expect(paged == everything.map(\.id))
        let reversed = try db.guildMembers.byGuildIDXP(guildID: 1, order: .reverse).all()
        #expect(reversed.map(\.id) == everything.reversed().map(\.id))
        // A range on the second column: xp in [3, 8), descending.
        let band = try db.guildMembers.byGuildIDXP(guildID: 1, xp: .between(3, and: 8)).all()
        #expect(band.map(\.id) == everything.filter { ($0.xp ?? -1) >= 3 && ($0.xp ?? -1) < 8 }.map(\.id))
        #expect(try db.guildMembers.byGuildIDXP(guildID: 1, xp: .between(3, and: 8)).count() == band.count)
        // Strings order by their bytes on both backends (not by a linguistic collation).
        for name in ["b", "B", "a", "_z", "Z", "é", "e", "ab", "a b"] {
            try db.customCommands.insert(CustomCommand(guildID: 1, commandName: name, response: "r", creatorID: 1))
        }
        let commands = try db.customCommands.byGuildIDCommandName(guildID: 1).all().map(\.commandName)
        #expect(commands == ["B", "Z", "_z", "a", "a b", "ab", "b", "e", "é"])
        #expect(try db.customCommands.byGuildIDCommandName(guildID: 1, commandName: .since("a")).all().map(\.commandName)
            == ["a", "a b", "ab", "b", "e", "é"])
        // Filters and aggregates over a query (evaluated in Swift on the rows the index bounds).
        #expect(try db.guildMembers.filter { $0.guildID == 2 && $0.coins >= 150 }.count() == 51)
        #expect(try db.guildMembers.byGuildID(guildID: 2).sum { $0.coins } == 15_150)
        #expect(try db.guildMembers.byGuildID(guildID: 1).max { $0.xp } == 12)
    }
}
