import DiscordBotPostgres
import Foundation
import Testing

/// Many threads writing and reading through one database's bounded pool: every write lands
/// once, reads see committed snapshots, and the pool never opens more connections than allowed.
@Suite struct PostgresConcurrencyTests {
    @Test func manyWritersAndReadersShareTheBoundedPool() throws {
        let database = try PostgresDatabase(schema: "discord_bot")
        let db = try DiscordBotPostgresDatabase.connect(url: database.url, maximumConnections: 3)
        defer { db.close() }
        try db.registration.users.insert(User(userID: 1, username: "ann"))
        let workers = 8, each = 20
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                for n in 0..<each {
                    try db.memberEvents.guildMembers.insert(GuildMember(userID: 1, guildID: Int64(worker * 1_000 + n), coins: Int32(n)))
                    // A read between writes: one consistent snapshot whose count never goes down.
                    let seen = try db.read { try $0.guildMembers.byUserID(userID: 1).count() }
                    if seen < n + 1 { failures.record("worker \(worker) saw \(seen) members after its write \(n + 1)") }
                }
            } catch {
                failures.record("worker \(worker): \(error)")
            }
        }
        #expect(failures.entries.isEmpty)
        #expect(try db.guildMembers.count() == workers * each)
        #expect(Set(try db.guildMembers.all().all().map(\.guildID)).count == workers * each)
        // The server saw at most the pool's connections from this database (plus psql's own, now gone).
        let connections = try database.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        #expect(Int(connections.first?.first ?? "") ?? 99 <= 3)
    }
}

/// Failures collected from several threads.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func record(_ failure: String) { lock.withLock { list.append(failure) } }

    var entries: [String] { lock.withLock { list } }
}
