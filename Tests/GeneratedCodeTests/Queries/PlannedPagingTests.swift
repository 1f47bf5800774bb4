import Foundation
import GryagBotData
import SchemaGenRuntime
import Testing

/// Paging a planned query (`filter { … }` on a repository) keeps the index its first page was
/// read with: writes between pages can make another index the narrower one, and a page key of
/// one index read with another skips or repeats rows.
@Suite struct PlannedPagingTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    /// 30 messages, 27 of them in chat 1, 3 of those (0, 10, 20) by user 2: the planner scans
    /// the user index for `chat 1 by user 2`.
    func database() throws -> GryagBotDatabase {
        let db = try GryagBotDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
        for chat in 1...4 as ClosedRange<Int64> { try db.repositories.chat.chats.insert(Chat(id: chat, chatType: .supergroup)) }
        for user in 1...3 as ClosedRange<Int64> { try db.repositories.user.users.insert(User(id: user, fullName: "u\(user)")) }
        for n in 0..<30 {
            try insertMessage(db, Int64(n), chat: n < 27 ? 1 : 2, user: n % 10 == 0 ? 2 : 1)
        }
        return db
    }

    func insertMessage(_ db: GryagBotDatabase, _ id: Int64, chat: Int64, user: Int64) throws {
        try db.repositories.message.messages.insert(Message(telegramMessageID: id, chatID: chat, userID: user, content: "m\(id)"))
        clock.advance(days: 0.01)
    }

    /// User 2 writes 40 messages in chat 2: now the chat index is the narrower one for the query.
    func makeTheChatIndexNarrower<Access>(_ db: GryagBotDatabase, query: Query<Message, Access>) throws {
        #expect(try query.explain().index == "idx_messages_user_id")
        for n in 100..<140 { try insertMessage(db, Int64(n), chat: 2, user: 2) }
        #expect(try query.explain().index == "idx_messages_chat_id_created_at")
    }

    /// How the pages after the first are asked for.
    enum Continuation: CaseIterable, Sendable { case cursor, token, tokenThenCursor }

    /// Every later page, asked for by cursor, by token, or by token once and then by the cursor
    /// of a token-resumed page, reads the user index the first page was read with; each page's
    /// cursor names it.
    @Test(arguments: Continuation.allCases)
    func pagesKeepTheirIndexWhenWritesChangeTheNarrowerOne(_ continuation: Continuation) throws {
        let db = try database()
        let query = db.messages.filter { $0.chatID == 1 && $0.userID == 2 }
        var page = try query.fetch(limit: 1, afterToken: nil)
        var ids = page.items.map(\.telegramMessageID)
        try makeTheChatIndexNarrower(db, query: query)
        var byToken = continuation != .cursor
        while let next = page.next {
            #expect(next.plannedIndex == "idx_messages_user_id")
            page = byToken ? try query.fetch(limit: 1, afterToken: try page.nextToken) : try query.fetch(limit: 1, after: next)
            ids += page.items.map(\.telegramMessageID)
            if continuation == .tokenThenCursor { byToken = false }
        }
        #expect(ids.sorted() == [0, 10, 20])
    }
}
