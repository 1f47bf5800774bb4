import Foundation
import GryagBotData
import GryagBotPostgres
import Testing

/// What the gryag tests need of a database, whichever the backend.
protocol GryagBotBackendDatabase: GryagBotTables where Access: RootAccess {
    associatedtype WriteView: GryagBotTables where WriteView.Access: RootAccess
    @discardableResult
    func write<T>(_ body: (WriteView) throws -> T) throws -> T
}

extension GryagBotDatabase: GryagBotBackendDatabase {}
extension GryagBotPostgresDatabase: GryagBotBackendDatabase {}

/// Seed 003 (gryag_bot): the repository usage the seed documents, one body on the embedded store
/// and on PostgreSQL.
@Suite struct GryagBotBackendTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()
    let chatID: Int64 = -1_001_234_567_890

    /// Runs `body` on a fresh database on `backend`.
    func withDatabase(_ backend: Backend, _ body: (any GryagBotBackendDatabase) throws -> Void) throws {
        switch backend {
        case .store:
            let db = try GryagBotDatabase.open(at: directory.path, options: StoreOptions(durability: .unsynced, clock: clock.function))
            defer { db.close() }
            try body(db)
        case .postgres:
            let database = try PostgresDatabase(schema: "gryag_bot")
            let db = try GryagBotPostgresDatabase.connect(url: database.url, clock: clock.function)
            defer { db.close() }
            try body(db)
        }
    }

    @Test(arguments: Backend.allCases) func getOrCreateChatsAndUsers(_ backend: Backend) throws {
        try withDatabase(backend) { db in try getOrCreateChatsAndUsers(db) }
    }

    func getOrCreateChatsAndUsers(_ db: some GryagBotBackendDatabase) throws {
        let repositories = db.repositories
        let (chat, created) = try repositories.chat.chats.getOrCreate(Chat(id: chatID, title: "My Group", chatType: .supergroup, memberCount: 50))
        #expect(created && chat.isActive == true && chat.createdAt == clock.now && chat.updatedAt == clock.now)
        let again = try repositories.chat.chats.getOrCreate(Chat(id: chatID, title: "Renamed", chatType: .group))
        #expect(!again.created && again.record.title == "My Group")
        let user = try repositories.user.users.getOrCreate(User(id: 12_345_678, username: "johndoe", fullName: "John Doe")).record
        #expect(user.isAdmin == false && user.fullName == "John Doe")
        #expect(try db.chats.count() == 1 && db.users.count() == 1)
    }

    @Test(arguments: Backend.allCases) func recentMessagesAndMessagesSince(_ backend: Backend) throws {
        try withDatabase(backend) { db in try recentMessagesAndMessagesSince(db) }
    }

    func recentMessagesAndMessagesSince(_ db: some GryagBotBackendDatabase) throws {
        try db.repositories.chat.chats.insert(Chat(id: chatID, chatType: .supergroup))
        try db.repositories.user.users.insert(User(id: 12_345_678, fullName: "John Doe"))
        let start = clock.now
        for n in 0..<150 {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: chatID, userID: 12_345_678, content: "m\(n)"))
            clock.advance(days: 1.0 / 1_440)
        }
        let first = try db.messages.get(id: 1)
        #expect(first?.contentType == "text" && first?.isBotMessage == false)
        // get_recent(chat_id, limit=100): newest first, capped page, with a cursor to the rest.
        let recent = try db.messages.byChatIDCreatedAt(chatID: chatID, order: .reverse).fetch(limit: 100)
        #expect(recent.items.count == 100 && recent.items.first?.content == "m149" && recent.hasMore)
        let rest = try db.messages.byChatIDCreatedAt(chatID: chatID, order: .reverse).fetch(limit: 100, after: recent.next)
        #expect(rest.items.count == 50 && rest.items.last?.content == "m0" && !rest.hasMore)
        // get_since(chat_id, since=datetime).
        let since = try db.messages.byChatIDCreatedAt(chatID: chatID, createdAt: .since(start + 140 * 60)).all()
        #expect(since.map(\.content) == (140..<150).map { "m\($0)" })
        // Lookup by (chat_id, telegram_message_id).
        #expect(try db.messages.byChatIDTelegramMessageID(chatID: chatID, telegramMessageID: 42).first()?.content == "m42")
        // Deleting the sender keeps the message with user_id = null (on delete set null).
        try db.repositories.user.users.delete(id: 12_345_678)
        #expect(try db.messages.get(id: 1)?.userID == nil)
        // Deleting the chat cascades to its messages.
        try db.repositories.chat.chats.delete(id: chatID)
        #expect(try db.messages.count() == 0)
    }

    @Test(arguments: Backend.allCases) func latestSummary(_ backend: Backend) throws {
        try withDatabase(backend) { db in try latestSummary(db) }
    }

    func latestSummary(_ db: some GryagBotBackendDatabase) throws {
        try db.repositories.chat.chats.insert(Chat(id: chatID, chatType: .group))
        for (type, content) in [(SummaryType.sevenDay, "old week"), (.thirtyDay, "month"), (.sevenDay, "this week")] {
            try db.repositories.summary.summaries.insert(Summary(chatID: chatID, summaryType: type, content: content, tokenCount: 10,
                                                                 periodStart: clock.now - 7 * 86_400, periodEnd: clock.now))
            clock.advance(days: 1)
        }
        // get_latest(chat_id, summary_type="7day"): the newest of that type.
        let latest = try db.summaries.byChatIDSummaryType(chatID: chatID, summaryType: .sevenDay, order: .reverse).first()
        #expect(latest?.content == "this week" && latest?.summaryType.rawValue == "7day")
    }

    @Test(arguments: Backend.allCases) func userMemoriesAreCappedAtFifty(_ backend: Backend) throws {
        try withDatabase(backend) { db in try userMemoriesAreCappedAtFifty(db) }
    }

    func userMemoriesAreCappedAtFifty(_ db: some GryagBotBackendDatabase) throws {
        try db.repositories.user.users.insert(User(id: 1, fullName: "Ann"))
        try db.repositories.user.users.insert(User(id: 2, fullName: "Bob"))
        for n in 0..<60 {
            try db.repositories.memory.userMemories.insert(UserMemory(userID: 1, fact: "fact \(n)"))
            clock.advance(days: 0.001)
        }
        try db.repositories.memory.userMemories.insert(UserMemory(userID: 2, fact: "only"))
        let memories = try db.userMemories.byUserID(userID: 1).all()
        #expect(memories.count == 50)
        #expect(Set(memories.map(\.fact)) == Set((10..<60).map { "fact \($0)" }))
        #expect(try db.userMemories.byUserID(userID: 2).count() == 1)
        // On the store the cap runs at insert, so the sweep (store-only) finds nothing left to cap.
        if let store = db as? GryagBotDatabase {
            #expect(try store.sweep()["user_memories"]?.capped == 0)
        }
    }

    @Test(arguments: Backend.allCases) func invalidUserRejectedWithEveryFailureAndNothingStored(_ backend: Backend) throws {
        try withDatabase(backend) { db in try invalidUserRejectedWithEveryFailureAndNothingStored(db) }
    }

    func invalidUserRejectedWithEveryFailureAndNothingStored(_ db: some GryagBotBackendDatabase) throws {
        let user = User(id: 1, username: String(repeating: "u", count: 256), fullName: String(repeating: "x", count: 300),
                        pronouns: String(repeating: "p", count: 51))
        #expect(user.validate().map(\.path) == ["username", "full_name", "pronouns"])
        let error = try #require(throws: ValidationError.self) { try db.repositories.user.users.insert(user) }
        #expect(error.entity == "users" && error.paths == ["username", "full_name", "pronouns"])
        #expect(error.failures[1].message == "must be at most 255 characters long, is 300")
        #expect(try db.users.count() == 0)
        // Inside a transaction, the failure rolls back the earlier writes too.
        #expect(throws: ValidationError.self) {
            try db.write { tx in
                try tx.repositories.chat.chats.insert(Chat(id: 5, chatType: .group))
                try tx.repositories.user.users.insert(user)
            }
        }
        #expect(try db.chats.count() == 0)
        // Raw JSON with an unknown enum value is rejected with its path.
        let json = Data(#"{"id": 1, "chat_type": "forum"}"#.utf8)
        let decoding = try #require(throws: ValidationError.self) { try Chat.decodeValidated(fromJSON: json) }
        #expect(decoding.paths == ["chat_type"])
    }

    @Test(arguments: Backend.allCases) func filtersFollowSQLNullRules(_ backend: Backend) throws {
        try withDatabase(backend) { db in try filtersFollowSQLNullRules(db) }
    }

    func filtersFollowSQLNullRules(_ db: some GryagBotBackendDatabase) throws {
        try db.repositories.chat.chats.insert(Chat(id: 5, chatType: .supergroup))
        try db.repositories.user.users.insert(User(id: 1, fullName: "a"))
        try db.repositories.message.messages.insert(Message(telegramMessageID: 1, chatID: 5, userID: nil, content: "a", contentType: nil))
        try db.repositories.message.messages.insert(Message(telegramMessageID: 2, chatID: 5, userID: 1, content: "b"))
        // `user_id <> 1` is unknown for a null, and so is its negation.
        #expect(try db.messages.filter { $0.userID != 1 }.count() == 0)
        #expect(try db.messages.filter { !($0.userID != 1) }.count() == 1)
        #expect(try db.messages.filter { $0.userID.isNull }.count() == 1)
        #expect(try db.messages.filter { $0.userID.isNull || $0.userID == 1 }.count() == 2)
        #expect(try db.messages.filter { $0.contentType.isIn(["text"]) }.all().map(\.telegramMessageID) == [2])
        #expect(try db.messages.filter { $0.userID > 5 }.sum { $0.telegramMessageID } == nil)
        #expect(try db.messages.filter { $0.userID > 5 }.group { $0.chatID }.count().isEmpty)
    }

    @Test(arguments: Backend.allCases) func filteredPagesResumeExactlyByCursor(_ backend: Backend) throws {
        try withDatabase(backend) { db in try filteredPagesResumeExactlyByCursor(db, backend) }
    }

    func filteredPagesResumeExactlyByCursor(_ db: some GryagBotBackendDatabase, _ backend: Backend) throws {
        for chat in [5, 6] as [Int64] { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        try db.repositories.user.users.insert(User(id: 1, fullName: "a"))
        for n in 0..<30 {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: n % 2 == 0 ? 5 : 6,
                                                                userID: n % 3 == 0 ? nil : 1, content: "m\(n)"))
            clock.advance(days: 0.001)
        }
        // An index query narrowed by a filter, newest first, in pages of 4.
        let query = db.messages.byChatIDCreatedAt(chatID: 5, order: .reverse).filter { $0.userID.isNotNull && $0.telegramMessageID >= 4 }
        var seen: [Int64] = []
        var cursor: PageCursor?
        repeat {
            let page = try query.fetch(limit: 4, after: cursor)
            seen += page.items.map(\.telegramMessageID)
            cursor = page.next
        } while cursor != nil
        #expect(seen == (4..<30).reversed().filter { $0 % 2 == 0 && $0 % 3 != 0 }.map(Int64.init))
        // A planned query over two chats: the planner bounds (chat_id, telegram_message_id), probing
        // each chat in key order.
        let planned = db.messages.filter { $0.chatID.isIn([6, 5]) && $0.telegramMessageID < 10 }
        #expect(try planned.explain().index == "idx_messages_chat_id_telegram_message_id")
        var pages: [Int64] = []
        cursor = nil
        repeat {
            let page = try planned.fetch(limit: 3, after: cursor)
            pages += page.items.map(\.telegramMessageID)
            cursor = page.next
        } while cursor != nil
        #expect(pages == [0, 2, 4, 6, 8, 1, 3, 5, 7, 9])
        // Page tokens need a secret: this PostgreSQL database was connected without one.
        let first = try query.fetch(limit: 4)
        switch backend {
        case .store: #expect(try first.nextToken != nil)
        case .postgres: #expect(throws: PageTokenError.malformed(reason: "the page was not read from a store")) { try first.nextToken }
        }
    }
}
