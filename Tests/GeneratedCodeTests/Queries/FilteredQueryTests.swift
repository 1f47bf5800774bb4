import DiscordBotData
import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// The planner's choices (`explain()`), pages of filtered queries and their tokens, SQL null
/// rules and the owner scope under filters.
@Suite struct FilteredQueryTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func openGryag() throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        try db.repositories.chat.chats.insert(Chat(id: 5, chatType: .supergroup))
        try db.repositories.user.users.insert(User(id: 1, fullName: "a"))
        return db
    }

    @Test func plannerChoosesTheIndexThatBoundsTheScanBest() throws {
        let db = try openGryag()
        let start = clock.now
        // Equality on the leading column and a range on the next: (chat_id, created_at).
        let window = try db.messages.filter { $0.chatID == 5 && $0.createdAt >= start && $0.userID == 1 }.explain()
        #expect(window.index == "idx_messages_chat_id_created_at" && window.equalityColumns == ["chat_id"] && window.rangeColumn == "created_at")
        #expect(window.description.hasPrefix("messages by idx_messages_chat_id_created_at (chat_id = ?, created_at range); check: "))
        // Two equalities beat one: (chat_id, telegram_message_id).
        let lookup = try db.messages.filter { $0.telegramMessageID == 9 && $0.chatID == 5 }.explain()
        #expect(lookup.index == "idx_messages_chat_id_telegram_message_id" && lookup.equalityColumns == ["chat_id", "telegram_message_id"])
        // The primary key for an id range; a full scan when nothing bounds it.
        let ids = try db.messages.filter { $0.id > 10 }.explain()
        #expect(ids.index == nil && ids.rangeColumn == "id")
        let scan = try db.messages.filter { $0.content.hasPrefix("x") || $0.userID.isNull }.explain()
        #expect(scan.index == nil && scan.equalityColumns.isEmpty && scan.rangeColumn == nil)
        #expect(scan.description == "messages by primary key (full scan); check: (content starts with 'x' or user_id is null)")
        // An `or` gives no bound; a single-value `isIn` is an equality.
        #expect(try db.messages.filter { $0.userID.isIn([1]) }.explain().index == "idx_messages_user_id")
    }

    @Test func nullsFollowSQL() throws {
        let db = try openGryag()
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

    @Test func pagesOfAFilteredQueryResumeExactlyAndRefuseOtherShapes() throws {
        let db = try openGryag()
        for n in 0..<30 {
            try db.repositories.message.messages.insert(Message(telegramMessageID: Int64(n), chatID: 5, userID: n % 3 == 0 ? nil : 1, content: "m\(n)"))
            clock.advance(days: 0.001)
        }
        let query = db.messages.byChatIDCreatedAt(chatID: 5, order: .reverse).filter { $0.userID.isNotNull && $0.telegramMessageID >= 4 }
        var seen: [Int64] = []
        var token: String?
        repeat {
            let page = try query.fetch(limit: 4, afterToken: token)
            seen += page.items.map(\.telegramMessageID)
            token = try page.nextToken
            if let token { #expect(token.count <= 64) }
        } while token != nil
        #expect(seen == (4..<30).reversed().filter { $0 % 3 != 0 }.map(Int64.init))
        // A token made for another filter shape (or none) is refused, not misread.
        let first = try #require(try query.fetch(limit: 4).nextToken)
        #expect(throws: PageTokenError.rejected) { try db.messages.byChatIDCreatedAt(chatID: 5, order: .reverse).filter { $0.userID.isNotNull }.fetch(afterToken: first) }
        #expect(throws: PageTokenError.rejected) { try db.messages.byChatIDCreatedAt(chatID: 5, order: .reverse).fetch(afterToken: first) }
        // The same shape with another value resumes (values narrow rows, as ranges do).
        #expect(try db.messages.byChatIDCreatedAt(chatID: 5, order: .reverse).filter { $0.userID.isNotNull && $0.telegramMessageID >= 20 }
            .fetch(limit: 100, afterToken: first).items.map(\.telegramMessageID) == [23, 22, 20])
    }

    @Test func scopesBoundFiltersAndAggregates() throws {
        let db = try DiscordBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
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
}
