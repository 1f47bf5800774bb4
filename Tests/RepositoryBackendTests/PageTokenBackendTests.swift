import DiscordBotData
import DiscordBotPostgres
import Foundation
import Testing

/// Page tokens with one API on both backends: the store seals them with its own secret, a
/// PostgreSQL database with the secret it was connected with; a token resumes its query exactly
/// where the page ended (keyset), and a token of another query or another secret is refused.
@Suite struct PageTokenBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    /// 16 bytes, shared by every process serving the database.
    static let secret: [UInt8] = Array("sixteen byte key".utf8)

    func withDatabase(_ backend: Backend, _ body: (any DiscordBotBackendDatabase, _ url: String?) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try DiscordBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db, nil)
        case .postgres:
            let database = try PostgresDatabase(schema: "discord_bot")
            let db = try DiscordBotPostgresDatabase.connect(url: database.url, pageTokenSecret: Self.secret, clock: clock.function)
            defer { db.close() }
            try body(db, database.url)
        }
    }

    @Test(arguments: Backend.allCases) func tokensResumeExactlyWhereThePageEnded(_ backend: Backend) throws {
        try withDatabase(backend) { db, url in try tokensResumeExactlyWhereThePageEnded(db, url: url) }
    }

    func tokensResumeExactlyWhereThePageEnded(_ db: some DiscordBotBackendDatabase, url: String?) throws {
        try db.write { tx in
            try tx.setup.guildConfig.insert(GuildConfig(guildID: 1))
            try tx.setup.guildConfig.insert(GuildConfig(guildID: 2))
            for n in 0..<7 {
                try tx.registration.users.insert(User(userID: Int64(n + 1), username: "user \(n)"))
                // Equal xp for some members: the primary key orders ties, and the token carries it.
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: Int64(n + 1), guildID: 1, xp: Int32(n / 2)))
                try tx.memberEvents.guildMembers.insert(GuildMember(userID: Int64(n + 1), guildID: 2, xp: Int32(n)))
            }
        }
        let query = db.guildMembers.byGuildIDXP(guildID: 1)
        var seen: [Int64] = []
        var token: String? = nil
        var pages = 0
        repeat {
            let page = try query.fetch(limit: 3, afterToken: token)
            seen += page.items.map(\.userID)
            token = try page.nextToken
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(seen == (try query.all().map(\.userID)))
        #expect(seen == [7, 5, 6, 3, 4, 1, 2])
        // A row inserted before the resume point is not repeated; the next page starts after the token's key.
        let first = try query.fetch(limit: 3, afterToken: nil)
        let resume = try #require(try first.nextToken)
        try db.registration.users.insert(User(userID: 8, username: "late"))
        try db.memberEvents.guildMembers.insert(GuildMember(userID: 8, guildID: 1, xp: 9))
        #expect(try query.fetch(limit: 3, afterToken: resume).items.map(\.userID) == [3, 4, 1])
        // The token is bound to its query: another guild's query refuses it.
        #expect(throws: PageTokenError.rejected) {
            try db.guildMembers.byGuildIDXP(guildID: 2).fetch(limit: 3, afterToken: resume)
        }
        #expect(throws: PageTokenError.malformed(reason: "not unpadded base64url")) {
            try query.fetch(limit: 3, afterToken: "not a token")
        }
        guard let url else { return }
        // Another secret (another deployment) refuses it; no secret refuses tokens altogether.
        let other = try DiscordBotPostgresDatabase.connect(url: url, pageTokenSecret: Array("another key, 16B".utf8))
        defer { other.close() }
        #expect(throws: PageTokenError.rejected) {
            try other.guildMembers.byGuildIDXP(guildID: 1).fetch(limit: 3, afterToken: resume)
        }
        #expect(throws: PostgresError(kind: .invalidParameter, message: "a page-token secret is 16 bytes, got 3")) {
            try DiscordBotPostgresDatabase.connect(url: url, pageTokenSecret: [1, 2, 3])
        }
        let without = try DiscordBotPostgresDatabase.connect(url: url)
        defer { without.close() }
        #expect(throws: UnsupportedOperation(operation: "page tokens",
                                             reason: "tokens are sealed with a secret this database was not given (connect with pageTokenSecret:); page with PageCursor (fetch(limit:after:))")) {
            try without.guildMembers.byGuildIDXP(guildID: 1).fetch(limit: 3, afterToken: resume)
        }
    }
}
