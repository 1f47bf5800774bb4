import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// Seed 003's documented repository calls and model writes on the generated Swift API over the
/// store, against the rows of Tests/Fixtures/seed_queries/gryag_bot.json (the same rows their SQL
/// returns on PostgreSQL in SeedQueryServerTests).
@Suite struct GryagBotQueryParityTests {
    let directory = TemporaryDirectory()

    @Test func documentedQueriesReturnTheFixtureRows() throws {
        let fixture = try SeedQueryFixture.load("gryag_bot")
        let clock = TestClock(fixture.now)
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try load(fixture, into: db)
        let repositories = db.repositories
        typealias C = SeedQueryCells

        try fixture.expectStoreMatches([
            "get or create chats": {
                #expect(try repositories.chat.chats.getOrCreate(Chat(id: -1001, title: "Renamed", chatType: .supergroup, memberCount: 60)).created == false)
                #expect(try repositories.chat.chats.getOrCreate(Chat(id: -1003, title: "New", chatType: .group, memberCount: 3)).created)
                return try db.chats.all().all().map { [C.cell($0.id), C.cell($0.title), C.cell($0.chatType), C.cell($0.memberCount)] }
            },
            "get or create users": {
                #expect(try repositories.user.users.getOrCreate(User(id: 12345678, username: "changed", fullName: "Changed")).created == false)
                #expect(try repositories.user.users.getOrCreate(User(id: 999, username: "newbie", fullName: "New Bie")).created)
                return try db.users.all().all().map { [C.cell($0.id), C.cell($0.username), $0.fullName, C.cell($0.isAdmin)] }
            },
            "add message": {
                _ = try repositories.message.messages.insert(
                    Message(id: 6, telegramMessageID: 12345, chatID: -1001, userID: 12345678, content: "Hello!", contentType: "text"))
                let message = try #require(try db.messages.get(id: 6))
                return [[C.cell(message.id), C.cell(message.telegramMessageID), C.cell(message.userID), message.content,
                         C.cell(message.contentType), C.cell(message.replyToMessageID), C.cell(message.isBotMessage)]]
            },
            "recent messages": {
                try db.messages.byChatIDCreatedAt(chatID: -1001, order: .reverse).fetch(limit: 100).items
                    .map { [C.cell($0.id), $0.content] }
            },
            "messages since": {
                let since = try SeedQueryCells.date("2026-06-30 09:00:00")
                return try db.messages.filter { $0.chatID == -1001 && $0.createdAt > since }.all().map { [C.cell($0.id), $0.content] }
            },
            "message lookup": {
                try db.messages.byChatIDTelegramMessageID(chatID: -1001, telegramMessageID: 501).all()
                    .map { [C.cell($0.id), $0.content, C.cell($0.replyToMessageID)] }
            },
            "latest summary": {
                try db.summaries.byChatIDSummaryType(chatID: -1001, summaryType: .sevenDay).all()
                    .max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
                    .map { [[$0.content, C.cell($0.tokenCount)]] } ?? []
            },
            "add memory": {
                _ = try repositories.memory.userMemories.insert(UserMemory(id: 4, userID: 111, fact: "Drinks coffee too"))
                return try memories(of: 111, in: db).map { [C.cell($0.id), $0.fact] }
            },
            "memories of a user": {
                try memories(of: 12345678, in: db).map { [$0.fact] }
            },
            "add restriction": {
                _ = try db.admin.userRestrictions.insert(
                    UserRestriction(id: 4, userID: 111, restrictionType: .ban, reason: "Spam", expiresAt: nil, createdBy: 12345678, isActive: true))
                return try db.userRestrictions.filter { $0.userID == 111 }.all()
                    .map { [C.cell($0.id), C.cell($0.restrictionType), C.cell($0.reason), C.cell($0.expiresAt == nil)] }
            },
            "active restrictions": {
                try db.userRestrictions.byUserIDIsActive(userID: 12345678, isActive: true).all()
                    .map { [C.cell($0.id), C.cell($0.restrictionType), C.cell($0.reason)] }
            },
            "add access list entry": {
                _ = try db.admin.accessList.insert(AccessList(id: 3, entityID: -1002, entityType: .chat, listType: .whitelist, createdBy: 111))
                return try db.accessList.filter { $0.entityType == .chat && $0.listType == .whitelist }.all()
                    .map { [C.cell($0.id), C.cell($0.entityID), C.cell($0.reason)] }
            },
            "is an entity listed": {
                try db.accessList.byEntityIDEntityTypeListType(entityID: 12345678, entityType: .user, listType: .blacklist).all()
                    .map { [C.cell($0.id), C.cell($0.reason)] }
            },
            "a user's rate window": {
                let window = try SeedQueryCells.date("2026-06-30 11:00:00")
                return try db.rateLimits.byUserIDWindowStart(userID: 12345678, windowStart: window).all().map { [C.cell($0.requestCount)] }
            },
        ])
    }

    /// `get_memories(user_id)`: a user's facts, oldest first (the user_id index, then by time).
    private func memories(of user: Int64, in db: GryagBotDatabase) throws -> [UserMemory] {
        try db.userMemories.byUserID(userID: user).all().sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
    }

    private func load(_ fixture: SeedQueryFixture, into db: GryagBotDatabase) throws {
        let repositories = db.repositories
        for chat in try fixture.records("chats", as: Chat.self) { _ = try repositories.chat.chats.insert(chat) }
        for user in try fixture.records("users", as: User.self) { _ = try repositories.user.users.insert(user) }
        for message in try fixture.records("messages", as: Message.self) { _ = try repositories.message.messages.insert(message) }
        for summary in try fixture.records("summaries", as: Summary.self) { _ = try repositories.summary.summaries.insert(summary) }
        for memory in try fixture.records("user_memories", as: UserMemory.self) { _ = try repositories.memory.userMemories.insert(memory) }
        for restriction in try fixture.records("user_restrictions", as: UserRestriction.self) { _ = try db.admin.userRestrictions.insert(restriction) }
        for entry in try fixture.records("access_list", as: AccessList.self) { _ = try db.admin.accessList.insert(entry) }
        for window in try fixture.records("rate_limits", as: RateLimit.self) { _ = try db.rateLimiter.rateLimits.insert(window) }
    }
}
