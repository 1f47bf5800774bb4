import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// The async `write`/`read` blocks both facades offer, with one shape.
protocol DiscordBotAsyncDatabase: DiscordBotBackendDatabase {
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (WriteView) throws -> T) async throws -> T
    func read<T>(_ body: (ReadView) throws -> T) async throws -> T
}

extension DiscordBotDatabase: DiscordBotAsyncDatabase {}
extension DiscordBotPostgresDatabase: DiscordBotAsyncDatabase {}

/// What a test write block throws to roll back.
struct AbandonedWrite: Error, Equatable {}

/// Async `write` and `read` blocks on the store and on PostgreSQL: tasks writing at once, each
/// block all-or-nothing, reads of one snapshot.
@Suite struct AsyncBlocksBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func withDatabase(_ backend: Backend, _ body: (any DiscordBotAsyncDatabase & Sendable) async throws -> Void) async throws {
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

    @Test(arguments: Backend.allCases) func asyncWriteAndReadBlocks(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in try await asyncWriteAndReadBlocks(db) }
    }

    func asyncWriteAndReadBlocks(_ db: some DiscordBotAsyncDatabase & Sendable) async throws {
        try await db.write { tx in
            try tx.setup.guildConfig.insert(GuildConfig(guildID: 1))
            try tx.registration.users.insert(User(userID: 1, username: "ann"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<8 {
                group.addTask {
                    try await db.write { tx in
                        try tx.registration.users.insert(User(userID: Int64(100 + n), username: "user \(n)"))
                        try tx.memberEvents.guildMembers.insert(GuildMember(userID: Int64(100 + n), guildID: 1, xp: Int32(n)))
                    }
                }
            }
            try await group.waitForAll()
        }
        // A block that throws keeps nothing.
        await #expect(throws: AbandonedWrite()) {
            try await db.write { tx in
                try tx.registration.users.insert(User(userID: 999, username: "gone"))
                throw AbandonedWrite()
            }
        }
        let (users, members, xp) = try await db.read { snapshot in
            (try snapshot.users.count(), try snapshot.guildMembers.byGuildID(guildID: 1).count(),
             try snapshot.guildMembers.byGuildID(guildID: 1).sum { $0.xp })
        }
        #expect(users == 9 && members == 8 && xp == 28)
        #expect(try db.users.get(userID: 999) == nil)
    }
}
