import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// `transactions_archive`: `delete after 365d … roll up into transaction_daily_stats` (seed 001
/// L489 "Keep aggregated stats forever", L536-L539 "aggregate & delete"): the same archived
/// transactions on the embedded store, swept by the generated sweep, and on PostgreSQL, swept by
/// the generated `postgres.retention.sql` (or the facade's sweep, which runs its job), leave the same summary rows and the same archive; a
/// second run adds nothing.
@Suite struct DiscordBotTransactionRollUpTests {
    let directory = TemporaryDirectory()
    /// Real time in whole seconds: the SQL job compares with the server's clock.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    /// 2020-01-01 00:00:00 UTC, and 2020-01-02.
    let day1 = Date(timeIntervalSince1970: 1_577_836_800)
    var day2: Date { day1 + 86_400 }

    /// Five archived transactions older than a year (two guilds, two days, two types), one of
    /// 10 days ago, one without a time; and a summary row from an earlier run.
    func insertRows(_ db: some DiscordBotBackendDatabase) throws {
        let rows: [(Int64, Int64, Int32, TransactionsTransactionType, Date?)] = [
            (1, 1, 5, .daily, day1 + 3_600), (2, 1, 7, .daily, day1 + 86_399), (3, 1, -3, .gamble, day1 + 7_200),
            (4, 1, 2, .daily, day2), (5, 2, 4, .daily, day1 + 60), (6, 1, 1, .daily, now - 10 * 86_400), (7, 1, 1, .daily, nil),
        ]
        try db.write { tx in
            for (id, guild, amount, type, time) in rows {
                try tx.maintenance.transactionsArchive.insert(
                    TransactionsArchive(id: id, userID: 9, guildID: guild, amount: amount, transactionType: type, createdAt: time))
            }
        }
    }

    /// The summary rows as "guild type day count sum" (day: days after 2020-01-01), sorted.
    func stats(_ db: some DiscordBotBackendDatabase) throws -> [String] {
        try db.transactionDailyStats.all().fetch(limit: 100).items.map {
            "\($0.guildID) \($0.transactionType.rawValue) \(Int($0.day.timeIntervalSince(day1) / 86_400)) \($0.transactions) \($0.amount)"
        }.sorted()
    }

    /// The archive's ids, sorted.
    func archived(_ db: some DiscordBotBackendDatabase) throws -> [Int64] {
        try db.transactionsArchive.all().fetch(limit: 100).items.map(\.id).sorted()
    }

    /// The summary row of an earlier run, written through the facade (a `date` key on PostgreSQL).
    func insertEarlierRun(_ db: some DiscordBotBackendDatabase) throws {
        try db.write { tx in
            try tx.maintenance.transactionDailyStats.insert(
                TransactionDailyStat(guildID: 1, transactionType: .daily, day: day1, transactions: 10, amount: 100))
        }
    }

    @Test func storeSweepAndPostgresJobLeaveTheSameSummary() throws {
        let clock: @Sendable () -> Date = { [now] in now }
        let store = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock))
        defer { store.close() }
        try insertRows(store)
        try insertEarlierRun(store)
        #expect(try store.sweep(now: now)["transactions_archive"]?.expired == 5)
        let onStore = try stats(store)
        #expect(onStore == ["1 daily 0 12 112", "1 daily 1 1 2", "1 gamble 0 1 -3", "2 daily 0 1 4"])
        #expect(try archived(store) == [6, 7])
        #expect(try store.sweep(now: now)["transactions_archive"]?.expired == 0)
        #expect(try stats(store) == onStore)

        let database = try PostgresDatabase(schema: "discord_bot")
        let postgres = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock)
        defer { postgres.close() }
        try insertRows(postgres)
        try insertEarlierRun(postgres)
        let retention = try String(contentsOf: PostgresDatabase.repository.appendingPathComponent("generated/discord_bot/sql/postgres.retention.sql"),
                                   encoding: .utf8)
        for _ in 1...2 {  // the second run adds nothing more
            try database.server.run(retention, database: database.name)
            #expect(try stats(postgres) == onStore)
            #expect(try archived(postgres) == [6, 7])
        }
    }

    /// The PostgreSQL facade's sweep runs the same job and reports the rows it deleted (not the
    /// summary rows its insert wrote), as the store's sweep does.
    @Test func postgresFacadeSweepReportsTheRolledUpRows() throws {
        let clock: @Sendable () -> Date = { [now] in now }
        let database = try PostgresDatabase(schema: "discord_bot")
        let postgres = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock)
        defer { postgres.close() }
        try insertRows(postgres)
        try insertEarlierRun(postgres)
        #expect(try postgres.sweep(now: now)["transactions_archive"]?.expired == 5)
        #expect(try stats(postgres) == ["1 daily 0 12 112", "1 daily 1 1 2", "1 gamble 0 1 -3", "2 daily 0 1 4"])
        #expect(try archived(postgres) == [6, 7])
        #expect(try postgres.sweep(now: now)["transactions_archive"]?.expired == 0)
    }
}
