import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// `archive after 180d by user_id -> users.last_seen into guild_members_archive` (seed 001 L247,
/// "Archives users inactive > 6 months"): the same rows on the embedded store, swept by the
/// generated sweep, and on PostgreSQL, swept by the generated `postgres.retention.sql`, end the
/// same way (and the PostgreSQL facade's sweep, which runs that job): the memberships of the user last seen 200 days ago move, those of the user seen 10
/// days ago and of the user with no `last_seen` stay.
@Suite struct DiscordBotInactiveMemberTests {
    let directory = TemporaryDirectory()
    /// Real time in whole seconds: the SQL job compares with the server's clock.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    /// Users 1 (seen 200 days ago), 2 (10 days ago), 3 (no last_seen); memberships of each in
    /// guild 1 and of user 1 in guild 2.
    func insertRows(_ db: some DiscordBotBackendDatabase) throws {
        try db.write { tx in
            for (id, days) in [(1, 200.0), (2, 10.0), (3, 0.0)] as [(Int64, Double)] {
                try tx.registration.users.insert(User(userID: id, username: "u\(id)", lastSeen: now - days * 86_400))
            }
            _ = try tx.activity.users.update(userID: 3) { $0.lastSeen = nil }
            for (user, guild) in [(1, 1), (2, 1), (3, 1), (1, 2)] as [(Int64, Int64)] {
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: user, guildID: guild, xp: Int32(user * 10)))
            }
        }
    }

    /// (user, guild) of the remaining and of the archived memberships, sorted.
    func memberships(_ db: some DiscordBotBackendDatabase) throws -> (members: [[Int64]], archived: [[Int64]]) {
        let members = try db.guildMembers.all().fetch(limit: 100).items.map { [$0.userID, $0.guildID] }
        let archived = try db.guildMembersArchive.all().fetch(limit: 100).items.map { [$0.userID, $0.guildID] }
        return (members.sorted { $0.lexicographicallyPrecedes($1) }, archived.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func storeSweepAndPostgresJobArchiveTheSameMemberships() throws {
        let clock: @Sendable () -> Date = { [now] in now }
        let store = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock))
        defer { store.close() }
        try insertRows(store)
        let report = try store.sweep(now: now)
        #expect(report["guild_members"]?.archived == 2)
        let onStore = try memberships(store)

        let database = try PostgresDatabase(schema: "discord_bot")
        let postgres = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock)
        defer { postgres.close() }
        try insertRows(postgres)
        let retention = try String(contentsOf: PostgresDatabase.repository.appendingPathComponent("generated/discord_bot/sql/postgres.retention.sql"),
                                   encoding: .utf8)
        for _ in 1...2 {  // the second run moves nothing more
            _ = try database.server.run(retention, database: database.name)
            #expect(try memberships(postgres) == onStore)
        }
        #expect(onStore.members == [[2, 1], [3, 1]])
        #expect(onStore.archived == [[1, 1], [1, 2]])
        // The archived copies keep their values.
        #expect(try store.guildMembersArchive.all().fetch(limit: 10).items.map(\.xp) == [10, 10])
        #expect(try store.sweep(now: now)["guild_members"]?.archived == 0)
    }

    /// The PostgreSQL facade's own sweep runs the same job (embedded from the SQL emitter) and
    /// reports what it moved, as the store's sweep does.
    @Test func postgresFacadeSweepReportsTheArchivedMemberships() throws {
        let clock: @Sendable () -> Date = { [now] in now }
        let database = try PostgresDatabase(schema: "discord_bot")
        let postgres = try DiscordBotPostgresDatabase.connect(url: database.url, clock: clock)
        defer { postgres.close() }
        try insertRows(postgres)
        #expect(try postgres.sweep(now: now)["guild_members"]?.archived == 2)
        let after = try memberships(postgres)
        #expect(after.members == [[2, 1], [3, 1]])
        #expect(after.archived == [[1, 1], [1, 2]])
        #expect(try postgres.sweep(now: now)["guild_members"]?.archived == 0)
    }
}
