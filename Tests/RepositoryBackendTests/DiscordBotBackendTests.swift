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
    func perform<T: Sendable>(_ body: @escaping @Sendable (Self) throws -> T) async throws -> T
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
    func withDatabase(_ backend: Backend, _ body: (any DiscordBotBackendDatabase & Sendable) async throws -> Void) async throws {
        switch backend {
        case .store:
            let db = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try await body(db)
        case .postgres:
            let database = try PostgresDatabase(schema: "discord_bot")
            let db = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try await body(db)
        }
    }

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
        // A write the database refuses fails the whole block, with the same exact error on both backends.
        #expect(throws: StoreError.missingParent(table: "guild_members", foreignKey: "fk_guild_members_user_id", parentTable: "users",
                                                 key: [.int(404)])) {
            try db.write { tx in
                try tx.registration.users.insert(User(userID: 22, username: "fay"))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: 404, guildID: 1))  // no such user
            }
        }
        #expect(try db.users.get(userID: 22) == nil)
        #expect(try db.users.count() == 3)
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

    @Test(arguments: Backend.allCases) func warningsModerationAndTransactions(_ backend: Backend) throws {
        try withDatabase(backend) { db in try warningsModerationAndTransactions(db, backend) }
    }

    func warningsModerationAndTransactions(_ db: some DiscordBotBackendDatabase, _ backend: Backend) throws {
        for (user, active) in [(1, true), (1, true), (2, true), (1, false)] as [(Int64, Bool)] {
            try db.moderation.warnings.insert(Warning(userID: user, guildID: 7, moderatorID: 99, reason: "spam", active: active))
            clock.advance(days: 0.01)
        }
        // Active warnings for a user in a guild, newest first.
        let active = try db.warnings.byUserIDGuildIDActive(userID: 1, guildID: 7, active: true, order: .reverse).all()
        #expect(active.count == 2 && active[0].createdAt! > active[1].createdAt!)
        // Count warnings per user: WHERE guild_id = ? AND active = TRUE GROUP BY user_id, read from
        // idx_warnings_guild_active (guild_id, active, user_id) in user order.
        let activeInGuild = try db.warnings.byGuildIDActiveUserID(guildID: 7, active: true).all()
        #expect(activeInGuild.map(\.userID) == [1, 1, 2])
        let counts = Dictionary(grouping: activeInGuild, by: \.userID).mapValues(\.count)
        #expect(counts == [1: 2, 2: 1])
        // Pardon: only moderation.pardon (or maintenance) may update.
        let pardoned = try db.moderation.pardon.warnings.update(id: active[0].id) { $0.active = false }
        #expect(pardoned?.active == false)

        // Moderation history for a user, newest first, limit 20; the log is append-only.
        for action in [ModActionsActionType.warn, .mute, .kick] {
            try db.moderation.modActions.insert(ModAction(guildID: 7, moderatorID: 99, targetID: 1, actionType: action))
            clock.advance(days: 0.01)
        }
        try db.moderation.modActions.insert(ModAction(guildID: 7, moderatorID: 99, targetID: 2, actionType: .ban))
        try db.moderation.modActions.insert(ModAction(guildID: 8, moderatorID: 99, targetID: 1, actionType: .ban))
        // WHERE target_id = ? AND guild_id = ? ORDER BY created_at DESC LIMIT 20: idx_mod_actions_target
        // (target_id, guild_id, created_at desc) in index order is the answer.
        let history = try db.modActions.byTargetIDGuildIDCreatedAt(targetID: 1, guildID: 7).fetch(limit: 20).items
        #expect(history.map(\.actionType) == [.kick, .mute, .warn])
        // The analytics system reads the log through its read-only module (`read: analytics`).
        #expect(try db.analytics.modActions.byTargetIDGuildIDCreatedAt(targetID: 1, guildID: 7).fetch(limit: 20).items == history)
        #expect(try db.read { try $0.analytics.modActions.count() } == 5)
        // Most active moderators this month / action type distribution: guild_id + created_at range.
        let month = try db.modActions.byGuildIDCreatedAt(guildID: 7, createdAt: .since(clock.now - 30 * 86_400)).all()
        #expect(month.count == 4)

        // Transaction history, newest first.
        for amount in [100, -20, 50] as [Int32] {
            try db.economy.transactions.insert(Transaction(userID: 1, guildID: 7, amount: amount, transactionType: amount < 0 ? .gamble : .daily))
            clock.advance(days: 0.01)
        }
        let transactions = try db.transactions.byUserIDGuildID(userID: 1, guildID: 7, order: .reverse).fetch(limit: 20).items
        #expect(transactions.map(\.amount) == [50, -20, 100])
        try db.economy.transactions.insert(Transaction(userID: 1, guildID: 8, amount: 1_000, transactionType: .daily))
        // Daily coin generation: guild_id = ? AND created_at in the last 30 days (idx_transactions_guild_time).
        let lastMonth = try db.transactions.byGuildIDCreatedAt(guildID: 7, createdAt: .since(clock.now - 30 * 86_400)).all()
        #expect(lastMonth.filter { $0.amount > 0 }.map(\.amount).reduce(0, +) == 150)
        // Gambling losses: transaction_type = 'gamble' in the last 7 days (idx_transactions_type_time).
        let gambles = try db.transactions.byTransactionTypeCreatedAt(transactionType: .gamble, createdAt: .since(clock.now - 7 * 86_400)).all()
        #expect(gambles.filter { $0.amount < 0 }.map(\.amount).reduce(0, +) == -20)
    }

    @Test(arguments: Backend.allCases) func remindersAndExpiredPunishments(_ backend: Backend) throws {
        try withDatabase(backend) { db in try remindersAndExpiredPunishments(db, backend) }
    }

    func remindersAndExpiredPunishments(_ db: some DiscordBotBackendDatabase, _ backend: Backend) throws {
        let now = clock.now
        try db.reminders.insert(Reminder(userID: 1, channelID: 2, message: "due", remindAt: now - 60))
        try db.reminders.insert(Reminder(userID: 1, channelID: 2, message: "later", remindAt: now + 3_600))
        try db.reminders.insert(Reminder(userID: 1, channelID: 2, message: "done", remindAt: now - 30, completed: true))
        // Due reminders: remind_at <= now and not completed.
        let due = try db.reminders.byRemindAtCompleted(remindAt: .through(now)).all().filter { $0.completed == false }
        #expect(due.map(\.message) == ["due"])

        try db.moderation.mute.tempPunishments.insert(TempPunishment(userID: 1, guildID: 7, punishmentType: .mute, expiresAt: now + 60))
        try db.moderation.tempban.tempPunishments.insert(TempPunishment(userID: 2, guildID: 7, punishmentType: .ban, expiresAt: now + 600))
        // The same punishment twice is a unique violation.
        #expect(throws: StoreError.uniqueViolation(table: "temp_punishments", index: "uq_temp_punishments_user_id_guild_id_punishment_type",
                                                   key: [.int(1), .int(7), .string("mute")])) {
            try db.moderation.mute.tempPunishments.insert(TempPunishment(userID: 1, guildID: 7, punishmentType: .mute, expiresAt: now))
        }
        clock.advance(days: 120.0 / 86_400)
        // Expired punishments: expires_at <= now, then the expiry task removes them.
        let expired = try db.tempPunishments.byExpiresAt(expiresAt: .through(clock.now)).all()
        #expect(expired.map(\.userID) == [1])
        for punishment in expired { try db.punishmentExpiry.tempPunishments.delete(id: punishment.id) }
        #expect(try db.tempPunishments.count() == 1)
        // `handled delete at expires_at`: a sweep without a handler leaves the due row to the bot.
        clock.advance(days: 1)
        #expect(try db.tempPunishments.sweep(now: clock.now).total == 0)
        switch backend {
        case .store:
            break
        case .postgres:
            // Page tokens need a secret this database was connected without: a typed refusal, not "malformed".
            #expect(throws: UnsupportedOperation(operation: "page tokens",
                                                 reason: "tokens are sealed with a secret this database was not given (connect with pageTokenSecret:); page with PageCursor (fetch(limit:after:))")) {
                try db.tempPunishments.byExpiresAt().fetch(limit: 10, afterToken: "AAAA")
            }
        }
        #expect(try db.tempPunishments.count() == 1)
    }

    @Test(arguments: Backend.allCases) func schemaVersionHoldsOnlyTheNewestVersion(_ backend: Backend) throws {
        try withDatabase(backend) { db in try schemaVersionHoldsOnlyTheNewestVersion(db, backend) }
    }

    func schemaVersionHoldsOnlyTheNewestVersion(_ db: some DiscordBotBackendDatabase, _ backend: Backend) throws {
        for version in [1, 2, 3] as [Int32] {
            try db.migrations.schemaVersion.upsert(SchemaVersion(version: version))
        }
        #expect(try db.schemaVersion.count() == 1)
        #expect(try db.schemaVersion.all().first()?.version == 3)
        #expect(try db.schemaVersion.get(id: .current)?.version == 3)
    }

    @Test(arguments: Backend.allCases) func groupedAggregatesOverFilters(_ backend: Backend) throws {
        try withDatabase(backend) { db in try groupedAggregatesOverFilters(db) }
    }

    func groupedAggregatesOverFilters(_ db: some DiscordBotBackendDatabase) throws {
        try db.write { tx in
            for guild in [1, 2] as [Int64] { try tx.setup.guildConfig.insert(GuildConfig(guildID: guild)) }
            for user in [10, 11] as [Int64] { try tx.registration.users.insert(User(userID: user, username: "u\(user)")) }
            try tx.memberEvents.guildMembers.insert(GuildMember(userID: 10, guildID: 1, xp: 5, coins: 100))
            try tx.memberEvents.guildMembers.insert(GuildMember(userID: 11, guildID: 1, xp: 7, coins: 50))
            try tx.memberEvents.guildMembers.insert(GuildMember(userID: 10, guildID: 2, xp: 9, coins: 1))
        }
        let top = try db.guildMembers.filter { $0.guildID == 1 }.group { $0.userID }.sum(order: .valueDescending, limit: 1) { $0.coins }
        #expect(top == [QueryGroup(key: 10, value: 100)])
        #expect(try db.guildMembers.filter { $0.xp >= 7 }.max { $0.coins } == 50)
        #expect(try db.guildMembers.filter { $0.guildID == 2 }.explain().equalityColumns == ["guild_id"])
    }

    @Test(arguments: Backend.allCases) func tasksWriteAndReadThroughPerform(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in try await tasksWriteAndReadThroughPerform(db) }
    }

    func tasksWriteAndReadThroughPerform<DB: DiscordBotBackendDatabase & Sendable>(_ db: DB) async throws {
        _ = try await db.perform { db in try db.registration.users.insert(User(userID: 1, username: "ann")) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<6 {
                group.addTask {
                    for n in 0..<5 {
                        _ = try await db.perform { db in
                            try db.memberEvents.guildMembers.insert(GuildMember(userID: 1, guildID: Int64(task * 100 + n)))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.perform { db in try db.guildMembers.byUserID(userID: 1).count() } == 30)
    }
}
